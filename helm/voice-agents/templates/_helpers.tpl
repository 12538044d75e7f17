{{/* Chart name, overridable. */}}
{{- define "voice-agents.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Release-qualified base name. Object names are "<fullname>-<service>", so it is kept short enough
for the longest service name (knowledge-service) to fit Kubernetes' 63-character limit.
*/}}
{{- define "voice-agents.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 45 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 45 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 45 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "voice-agents.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of one service's objects (Deployment, Service, ConfigMap). Call with (list $ "call-gateway"). */}}
{{- define "voice-agents.componentName" -}}
{{- $root := index . 0 }}
{{- printf "%s-%s" (include "voice-agents.fullname" $root) (index . 1) }}
{{- end }}

{{- define "voice-agents.labels" -}}
helm.sh/chart: {{ include "voice-agents.chart" . }}
app.kubernetes.io/name: {{ include "voice-agents.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: voice-agents
{{- end }}

{{/* Selector labels of one service. Call with (list $ "call-gateway"). */}}
{{- define "voice-agents.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "voice-agents.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/* Secret with TWILIO_*, DB_PASSWORD, GOOGLE_API_KEY, API_KEY: the user's, or the one this chart creates. */}}
{{- define "voice-agents.secretName" -}}
{{- default (printf "%s-secrets" (include "voice-agents.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{/* Whether a Google service-account JSON is mounted. */}}
{{- define "voice-agents.googleCredentials.enabled" -}}
{{- if or .Values.googleCredentials.json .Values.googleCredentials.existingSecret }}true{{- end }}
{{- end }}

{{- define "voice-agents.googleCredentials.secretName" -}}
{{- default (printf "%s-google-credentials" (include "voice-agents.fullname" .)) .Values.googleCredentials.existingSecret }}
{{- end }}

{{/* Services that talk to Google Cloud with Application Default Credentials. */}}
{{- define "voice-agents.usesGoogleCredentials" -}}
{{- if has . (list "agent-service" "tts-service" "call-gateway") }}true{{- end }}
{{- end }}

{{/* Services that enforce API_KEY on their /api/** routes. */}}
{{- define "voice-agents.usesApiKey" -}}
{{- if has . (list "agent-service" "call-gateway" "outbound-service") }}true{{- end }}
{{- end }}

{{/* Services that call Twilio (REST API or webhook signature validation). */}}
{{- define "voice-agents.usesTwilio" -}}
{{- if has . (list "call-gateway" "outbound-service") }}true{{- end }}
{{- end }}

{{/*
The front door's routes: path prefix -> service. Must stay equal to devstack's
io.voiceagents.devstack.FrontDoorRoutes.ROUTES (HelmChartTest renders the chart and compares).
Kubernetes Prefix paths match whole path segments and the longest one wins, as there.
*/}}
{{- define "voice-agents.routes" -}}
- {prefix: /twilio, service: call-gateway}
- {prefix: /api/calls, service: call-gateway}
- {prefix: /api/calls/outbound, service: outbound-service}
- {prefix: /api/campaigns, service: outbound-service}
- {prefix: /api/agents, service: agent-service}
- {prefix: /api/knowledge-bases, service: knowledge-service}
- {prefix: /tts, service: tts-service}
{{- end }}

{{/* Image reference of one service. Call with (list $ "call-gateway"). */}}
{{- define "voice-agents.image" -}}
{{- $root := index . 0 }}
{{- $svc := index $root.Values.services (index . 1) }}
{{- $tag := $svc.image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion }}
{{- printf "%s:%s" $svc.image.repository $tag }}
{{- end }}
