{{/* Names and labels. The chart uses a small part of Helm's template language on purpose, so that
tests/helm_template.py can render it without helm: values, include, if/else, not, gt, fail, quote, default,
toYaml, nindent. */}}
{{- define "vroegdoen.fullname" -}}
{{ .Release.Name }}-vroegdoen
{{- end }}

{{- define "vroegdoen.selectorLabels" -}}
app.kubernetes.io/name: vroegdoen
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "vroegdoen.labels" -}}
{{ include "vroegdoen.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: vroegdoen-{{ .Chart.Version }}
{{- end }}
