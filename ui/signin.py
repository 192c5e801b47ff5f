"""Sign-in on the pages: who uses this session (a ``access.Principal``), and the page parts that say so.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` users sign in through OIDC (``st.login``;
Entra ID, Keycloak or any OIDC provider) and get their role from ``config/toegang.toml``, on verified
claims only. Without it the dashboard is read-only, unless lokale modus is asked for (``make run``
sets ``VROEGDOEN_LOKAAL=1``): then the person at this machine is beheerder, but only while the server
listens on 127.0.0.1 and the request shows no proxy or forwarded port; otherwise nobody may write, and
the page says why. The audited writes (``admin``) check the principal again themselves.
"""
from __future__ import annotations

import streamlit as st

from admin import access, audit, writes
from orgdata.store import StoreDamaged
from warehouse import lock

NEW_ORG = "Nieuwe organisatie …"


def auth_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` (or the app's secrets) has an ``[auth]`` section."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def server_address() -> str | None:
    """The address the server listens on (server.address), or None when not set."""
    return st.get_option("server.address")


def current() -> access.Principal:
    """The principal of this session, decided on the server from the sign-in cookie, never from input."""
    if auth_configured():
        if not st.user.is_logged_in:
            return access.anonymous()
        return access.from_claims(st.user.to_dict())
    return access.local_session(server_address(), request_headers())


def request_headers() -> dict[str, str]:
    """The headers of this session's request (empty outside a browser session, as in AppTest)."""
    try:
        return dict(st.context.headers)
    except Exception:  # noqa: BLE001 - no request context
        return {}


def providers() -> list[str | None]:
    """The providers in ``[auth]``: ``None`` for the unnamed default, else the names of ``[auth.<naam>]``."""
    section = st.secrets.get("auth", {})
    named = [k for k, v in section.items() if hasattr(v, "get") and v.get("client_id")]
    return [None] if section.get("client_id") or not named else named


def sidebar(me: access.Principal) -> None:
    """Sign in or out (only when sign-in is configured)."""
    if not auth_configured():
        return
    if st.user.is_logged_in:
        st.caption(f"Aangemeld: {me.label}")
        if st.button("Afmelden", key="sidebar_afmelden", icon=":material/logout:"):
            st.logout()
        return
    for provider in providers():
        label = "Aanmelden" if provider is None else f"Aanmelden met {provider}"
        if st.button(label, key=f"sidebar_aanmelden_{provider or 'standaard'}", icon=":material/login:"):
            st.login(provider)


def data_notice(me: access.Principal) -> None:
    """What this user may do on the Data page, in one sentence."""
    if me.via == access.VIA_LOCAL:
        st.info("**Lokale modus.** Er is geen aanmelding ingesteld: iedereen die deze computer gebruikt kan hier "
                "gegevens aanleveren, imports terugdraaien en voorbeelddata aan- of uitzetten. Het dashboard is "
                "alleen vanaf deze computer bereikbaar (127.0.0.1). Voor meer gebruikers: stel aanmelding in "
                "(README, *Aanmelden en rollen*).", icon=":material/computer:")
    elif me.is_admin:
        st.caption(f"Aangemeld als beheerder ({me.name}): u mag alle gegevens wijzigen. Elke wijziging staat met "
                   "uw naam in het logboek van wijzigingen.")
    elif me.role == access.ORGANISATIE:
        st.caption(f"Aangemeld als {me.name} voor {', '.join(me.orgs)}: u levert aan en draait terug voor uw "
                   "eigen organisatie. Elke wijziging staat met uw naam in het logboek.")
    elif me.role == access.GEMEENTE:
        st.caption(f"Aangemeld als {me.name} voor gemeente {', '.join(me.gemeenten)}: u schrijft de toelichtingen "
                   "bij de cijfers van uw gemeente (onderaan deze pagina). Elke wijziging staat met uw naam in het "
                   "logboek.")
    else:
        st.warning(me.reason, icon=":material/lock:")


def org_choice(me: access.Principal, container) -> str:
    """The organisation an upload is for: picked (or, when new, typed) by a beheerder; from the role otherwise."""
    if me.is_admin:
        known = writes.organisations(me)
        picked = container.selectbox("Organisatie", [*known, NEW_ORG], key="data_org_keuze_beheer", index=None,
                                     placeholder="Kies een organisatie …",
                                     help="Kies een organisatie die al aanleverde; hoofdletters en spaties tellen "
                                          "niet, dus 'de schoor' is De Schoor.") if known else NEW_ORG
        if picked is None:
            return ""
        if picked != NEW_ORG:
            return picked
        return container.text_input("Nieuwe organisatie" if known else "Organisatie", key="data_org",
                                    placeholder="bijvoorbeeld De Schoor")
    if len(me.orgs) == 1:
        container.text_input("Organisatie", value=me.orgs[0], disabled=True, key="data_org_vast",
                             help="Uit uw rol (config/toegang.toml); u levert alleen voor uw eigen organisatie aan.")
        return me.orgs[0]
    return container.selectbox("Organisatie", list(me.orgs), key="data_org_keuze")


def audit_table(me: access.Principal) -> None:
    """The audit trail for a beheerder: who changed what, when, with what result."""
    if not me.is_admin:
        return
    st.subheader("4. Wie wat heeft gewijzigd")
    try:
        trail = audit.read(me)
    except (lock.Busy, StoreDamaged) as exc:
        st.warning(str(exc), icon=":material/hourglass:")
        return
    if trail.empty:
        st.caption("Nog geen wijzigingen vastgelegd.")
    else:
        st.dataframe(trail, hide_index=True, width="stretch", key="data_wijzigingen")
