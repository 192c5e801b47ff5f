"""Who may change what: the actor of a write, the roles from config/toegang.toml, and the checks.

One job: decide whether an actor (a :class:`Principal`) may do a write, and say why not in Dutch.
Every audited write (``admin.writes``, ``admin.demo``, ``admin.refresh``, ``admin.backup``) takes
``actor=`` and runs a ``require_*`` check here through ``admin.audit.checked``, so a page that forgets
to hide a button, or a crafted request, still cannot write.

Roles (``config/toegang.toml``, or ``VROEGDOEN_TOEGANG``):

- ``beheerder``: every write — imports for any organisation, rollback, demo data, refresh — and
  every import log and the audit trail;
- ``organisatie``: upload and roll back the imports of its own organisation(s) only; the organisation
  comes from the role file, never from a text field;
- ``gemeente``: write the gemeente's own notes on its figures (toelichtingen, ``admin.notes``) for
  the gemeente code(s) the role file lists under ``[gemeenten]``; may be combined with ``organisatie``;
- everyone else, signed in or not (``publiek``): the public pages only.

Roles are matched on verified claims only: an e-mail address only when the provider says it is
verified (``email_verified`` true), or a subject (``sub:…``) or Entra object id (``oid:…``) listed in
the role file. ``preferred_username`` and ``upn`` are names a user or tenant can choose: never matched.

Without sign-in (no ``[auth]`` in ``.streamlit/secrets.toml``) the dashboard is read-only, unless
*lokale modus* is asked for (``VROEGDOEN_LOKAAL=1``, which ``make run`` sets): then the person at this
machine is beheerder, but only while the server listens on the loopback address and the request
carries no sign of a proxy or port forward (``X-Forwarded-For``, ``Forwarded``, a Host that is not
local). The command line acts as the operating-system user, as beheerder.
"""
from __future__ import annotations

import getpass
import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

ROOT = Path(__file__).resolve().parent
DEFAULT_TOEGANG = ROOT / "config" / "toegang.toml"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "via")

BEHEERDER, ORGANISATIE, GEMEENTE, PUBLIEK = "beheerder", "organisatie", "gemeente", "publiek"
# How the actor is known: signed in through OIDC, the person at this machine, or the command line.
VIA_SIGNIN, VIA_LOCAL, VIA_CLI, VIA_NONE = "aanmelding", "lokaal", "opdrachtregel", "anoniem"

NOT_SIGNED_IN = ("Alleen aangemelde beheerders en organisaties kunnen gegevens aanleveren of wijzigen. "
                 "Meld u aan (in de zijbalk).")
NO_ROLE = ("U bent aangemeld als {name}, maar dat account heeft geen rol in config/toegang.toml: u ziet de "
           "openbare pagina's. Vraag de beheerder u als beheerder of bij uw organisatie op te nemen.")
OPEN_SERVER = ("Wijzigen is uitgeschakeld: deze server luistert op {address} zonder aanmelding, dus iedereen die "
               "hem kan bereiken zou gegevens kunnen wijzigen. Start hem alleen voor deze computer met `make run` "
               "(127.0.0.1), of stel aanmelding in: een sectie [auth] in .streamlit/secrets.toml (voorbeeld: "
               ".streamlit/secrets.example.toml) en de rollen in config/toegang.toml.")
NOT_ASKED = ("Alleen-lezen: er is geen aanmelding ingesteld en lokale modus is niet gevraagd. Start het dashboard "
             "voor deze computer met `make run` (lokale modus), of stel aanmelding in: een sectie [auth] in "
             ".streamlit/secrets.toml (voorbeeld: .streamlit/secrets.example.toml) en de rollen in config/toegang.toml.")
THROUGH_PROXY = ("Wijzigen is uitgeschakeld: dit verzoek komt via een proxy of doorgestuurde poort ({sign}), dus niet "
                 "zeker van deze computer. Lokale modus geldt alleen voor wie rechtstreeks op deze computer werkt; "
                 "stel voor andere gebruikers aanmelding in (README, *Aanmelden en rollen*).")


class AccessDenied(PermissionError):
    """A write by an actor without the right role; the message is one Dutch sentence."""


@dataclass(frozen=True)
class Principal:
    """The actor of a write: who (for the audit trail), which role, for which organisations."""
    name: str                       # e-mail or subject from the sign-in, or the OS user
    role: str = PUBLIEK
    orgs: tuple[str, ...] = ()      # for role organisatie: the organisation(s) it may write for
    via: str = VIA_NONE
    reason: str = field(default="", compare=False)  # why this actor may not write (shown on the page)
    gemeenten: tuple[str, ...] = ()  # gemeente codes whose notes (toelichtingen) this actor may write

    @property
    def is_admin(self) -> bool:
        return self.role == BEHEERDER

    @property
    def may_upload(self) -> bool:
        return self.role == BEHEERDER or (self.role == ORGANISATIE and bool(self.orgs))

    def may_write_for(self, org: str) -> bool:
        return self.is_admin or (self.role == ORGANISATIE and _norm(org) in {_norm(o) for o in self.orgs})

    def may_annotate(self, gemeente: str) -> bool:
        """May write the gemeente's own notes on its figures (toelichtingen)."""
        return self.is_admin or (gemeente or "").strip().upper() in self.gemeenten

    @property
    def label(self) -> str:
        """One line for the page: who, as what."""
        if self.is_admin:
            return f"{self.name} · beheerder"
        if self.role == ORGANISATIE:
            return f"{self.name} · {', '.join(self.orgs)}"
        if self.role == GEMEENTE:
            return f"{self.name} · gemeente {', '.join(self.gemeenten)}"
        return self.name


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def anonymous(reason: str = NOT_SIGNED_IN) -> Principal:
    return Principal("anoniem", PUBLIEK, (), VIA_NONE, reason)


def os_user() -> Principal:
    """The command line: the operating-system user, as beheerder."""
    return Principal(_login_name(), BEHEERDER, (), VIA_CLI)


def local_user() -> Principal:
    """Lokale modus: whoever uses this machine (the server runs as this OS user), as beheerder."""
    return Principal(f"lokaal ({_login_name()})", BEHEERDER, (), VIA_LOCAL)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER: still name the process
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "onbekend"


def is_loopback(address: str | None) -> bool:
    """True when a server bound to ``address`` is reachable from this machine only."""
    return (address or "").strip().strip("[]").lower() in LOOPBACK


def local_requested() -> bool:
    """True when lokale modus is asked for explicitly (``VROEGDOEN_LOKAAL=1``; ``make run`` sets it)."""
    return os.environ.get("VROEGDOEN_LOKAAL", "").strip().lower() in {"1", "ja", "true", "yes"}


def proxy_sign(headers: Mapping[str, str] | None) -> str | None:
    """The header that shows a request came through a proxy or a forwarded port, or None.

    ``Host`` must name this machine (localhost, 127.0.0.1, [::1], with any port): a reverse proxy or
    a tunnel that passes another host name is not the person at this machine.
    """
    lower = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    for name in PROXY_HEADERS:
        if lower.get(name):
            return name.title()
    host = lower.get("host", "")
    if host:
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if not is_loopback(name):
            return f"Host: {host}"
    return None


def local_session(address: str | None, headers: Mapping[str, str] | None) -> Principal:
    """The principal of a session without sign-in: beheerder only in lokale modus, asked for, direct."""
    if not local_requested():
        return anonymous(NOT_ASKED)
    if not is_loopback(address):
        return open_server(address)
    sign = proxy_sign(headers)
    if sign:
        return anonymous(THROUGH_PROXY.format(sign=sign))
    return local_user()


def open_server(address: str | None) -> Principal:
    """A server without sign-in on a non-loopback address: nobody may write, and this says why."""
    where = address.strip() if address and address.strip() else "alle netwerkadressen (0.0.0.0)"
    return anonymous(OPEN_SERVER.format(address=where))


# --- roles -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Roles:
    """The role file, normalised: identities (lower case) to role and organisations."""
    admins: frozenset[str] = frozenset()
    orgs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # identity -> organisations
    gemeenten: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # identity -> gemeente codes


def toegang_path() -> Path:
    return Path(os.environ.get("VROEGDOEN_TOEGANG", DEFAULT_TOEGANG))


def load_roles(path: Path | None = None) -> Roles:
    """Read the role file; a missing file gives no roles (nobody may write after signing in)."""
    path = path or toegang_path()
    if not path.exists():
        return Roles()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    admins = frozenset(_norm(x) for x in _as_list(data.get("beheerders"), "beheerders") if _norm(x))
    per_identity: dict[str, list[str]] = {}
    for org, members in (data.get("organisaties") or {}).items():
        name = " ".join(str(org).split())
        if not name:
            raise ValueError(f"{path}: een organisatie zonder naam in [organisaties]")
        for member in _as_list(members, f"organisaties.{name}"):
            if _norm(member):
                per_identity.setdefault(_norm(member), []).append(name)
    per_gemeente: dict[str, list[str]] = {}
    for code, members in (data.get("gemeenten") or {}).items():
        code = str(code).strip().upper()
        if not (len(code) == 6 and code.startswith("GM") and code[2:].isdigit()):
            raise ValueError(f"{path}: [gemeenten] verwacht gemeentecodes als GM0034, niet {code!r}")
        for member in _as_list(members, f"gemeenten.{code}"):
            if _norm(member):
                per_gemeente.setdefault(_norm(member), []).append(code)
    return Roles(admins, {k: tuple(sorted(set(v))) for k, v in per_identity.items()},
                 {k: tuple(sorted(set(v))) for k, v in per_gemeente.items()})


def _as_list(value, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ValueError(f"config/toegang.toml: {where} moet een lijst van e-mailadressen zijn")


def identities(claims: Mapping) -> list[str]:
    """The names a signed-in user can be listed under, from verified claims only.

    The e-mail address only when ``email_verified`` is true (Keycloak sends it; Entra ID does not, so
    list Entra users by ``oid:<object id>``); the subject as ``sub:<sub>`` and Entra's object id as
    ``oid:<oid>``. ``preferred_username`` and ``upn`` are never used: they are not verified addresses.
    """
    out = []
    if claims.get("email") and claims.get("email_verified") in (True, "true", "True"):
        out.append(_norm(str(claims["email"])))
    for key in ("sub", "oid"):
        if claims.get(key):
            out.append(f"{key}:{_norm(str(claims[key]))}")
    return [x for x in out if x]


def from_claims(claims: Mapping, roles: Roles | None = None) -> Principal:
    """The principal of a user signed in through OIDC (``st.user``), with the role from the file."""
    roles = roles if roles is not None else load_roles()
    ids = identities(claims)
    name = str(claims.get("email") or claims.get("name") or claims.get("sub") or "onbekend")
    if any(i in roles.admins for i in ids):
        return Principal(name, BEHEERDER, (), VIA_SIGNIN)
    orgs = sorted({o for i in ids for o in roles.orgs.get(i, ())})
    codes = tuple(sorted({g for i in ids for g in roles.gemeenten.get(i, ())}))
    if orgs:
        return Principal(name, ORGANISATIE, tuple(orgs), VIA_SIGNIN, gemeenten=codes)
    if codes:
        return Principal(name, GEMEENTE, (), VIA_SIGNIN, gemeenten=codes)
    return Principal(name, PUBLIEK, (), VIA_SIGNIN, NO_ROLE.format(name=name))


# --- checks done by the write functions themselves -------------------------------------------------

def resolve(actor: Principal | None) -> Principal:
    """The actor of a write called without ``actor=``.

    Outside a Streamlit session (the command line, a script, a test) that is the OS user as
    beheerder; inside a page it is nobody: a page must say who acts, so a forgotten ``actor=``
    fails closed instead of writing as beheerder.
    """
    if actor is not None:
        return actor
    if _in_streamlit_session():
        return anonymous("Deze wijziging kwam zonder aangemelde gebruiker binnen en is geweigerd.")
    return os_user()


def _in_streamlit_session() -> bool:
    if "streamlit" not in sys.modules:
        return False
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    return get_script_run_ctx(suppress_warning=True) is not None


def require_admin(actor: Principal, what: str) -> None:
    """Refuse unless ``actor`` is beheerder; ``what`` completes 'Alleen een beheerder mag …'."""
    if not actor.is_admin:
        raise AccessDenied(f"Alleen een beheerder mag {what}. {actor.reason}".strip())


def require_org(actor: Principal, org: str, what: str) -> None:
    """Refuse unless ``actor`` is beheerder or writes for one of its own organisations."""
    if actor.may_write_for(org):
        return
    if actor.role == ORGANISATIE:
        raise AccessDenied(f"U mag alleen {what} voor {', '.join(actor.orgs)}, niet voor {org}.")
    raise AccessDenied(f"Alleen een beheerder of {org} zelf mag {what}. {actor.reason}".strip())


def require_gemeente(actor: Principal, gemeente: str, what: str) -> None:
    """Refuse unless ``actor`` is beheerder or has a role for ``gemeente`` ([gemeenten] in the role file)."""
    if actor.may_annotate(gemeente):
        return
    if actor.gemeenten:
        raise AccessDenied(f"U mag alleen {what} voor {', '.join(actor.gemeenten)}, niet voor {gemeente}.")
    raise AccessDenied(f"Alleen een beheerder of de gemeente {gemeente} zelf mag {what}. {actor.reason}".strip())


def may_write_for_org(actor: Principal, org: str | None, what: str) -> None:
    """The check of an organisation's write: its own organisation, or beheerder; any uploader when unknown."""
    if org:
        require_org(actor, org, what)
    elif not actor.may_upload:
        raise AccessDenied(f"Alleen een beheerder of een organisatie mag {what}. {actor.reason}".strip())


def visible_imports(actor: Principal, log):
    """The rows of the import log (a DataFrame with ``org``) this actor may see and roll back."""
    if actor.is_admin:
        return log
    if actor.role == ORGANISATIE:
        return log[log["org"].map(_norm).isin({_norm(o) for o in actor.orgs})]
    return log.iloc[0:0]
