{{/* The release's base name: the release's name when it contains the chart's, else <release>-tributary. */}}
{{- define "tributary.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "tributary.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object; call with (dict "ctx" $ "component" "control-plane"). */}}
{{- define "tributary.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "tributary.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: tributary
{{- end -}}

{{- define "tributary.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tributary.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "tributary.controlPlane.fullname" -}}
{{- printf "%s-control" (include "tributary.fullname" .) -}}
{{- end -}}

{{- define "tributary.operator.fullname" -}}
{{- printf "%s-operator" (include "tributary.fullname" .) -}}
{{- end -}}

{{- define "tributary.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create -}}
{{- default (include "tributary.operator.fullname" .) .Values.operator.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.operator.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "tributary.masterKey.secretName" -}}
{{- default (printf "%s-master-key" (include "tributary.fullname" .)) .Values.masterKey.existingSecret -}}
{{- end -}}

{{- define "tributary.adminPassword.secretName" -}}
{{- default (printf "%s-admin-password" (include "tributary.fullname" .)) .Values.adminPassword.existingSecret -}}
{{- end -}}

{{- define "tributary.controlPlane.url" -}}
{{- printf "http://%s.%s.svc:%d" (include "tributary.controlPlane.fullname" .) .Release.Namespace (int .Values.controlPlane.service.port) -}}
{{- end -}}

{{- define "tributary.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/*
The operator's permissions, from what its code calls (operator/src/main/java): the informers on its three
resources and StatefulSets (list, watch), Apply's get/create/update of the objects it makes (a user's creds
Secret among them), the finalizers (patch), the status (a PUT of the status subresource), owner references with
blockOwnerDeletion (update on <resource>/finalizers), the API token Secret (get), and the roller's pods (list, and
delete one at a time). It deletes nothing else: Kubernetes' garbage collector removes what it made through the owner
references. RbacTest checks these against the code.
*/}}
{{- define "tributary.operator.rules" -}}
- apiGroups: [tributary.io]
  resources: [tributaryclusters, tributaryaccounts, tributaryusers]
  verbs: [get, list, watch, update, patch]
- apiGroups: [tributary.io]
  resources: [tributaryclusters/status, tributaryaccounts/status, tributaryusers/status]
  verbs: [get, update, patch]
- apiGroups: [tributary.io]
  resources: [tributaryclusters/finalizers, tributaryaccounts/finalizers, tributaryusers/finalizers]
  verbs: [update]
- apiGroups: [apps]
  resources: [statefulsets]
  verbs: [get, list, watch, create, update]
- apiGroups: [""]
  resources: [configmaps, services]
  verbs: [get, create, update]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [get, create, update]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, create, update]
- apiGroups: [""]
  resources: [pods]
  verbs: [list, delete]
{{- end -}}

{{/*
Leader election's permissions, in the operator's own namespace: java-operator-sdk checks get, create and update on
leases before it elects; fabric8's LeaseLock reads the Lease, creates it, and renews or takes it over with a PATCH
(TributaryOperator.LeaderElection.LEASE_VERBS; RbacTest checks these against it).
*/}}
{{- define "tributary.operator.leaseRules" -}}
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, create, update, patch]
{{- end -}}

{{/* Fails the render on values that cannot work. */}}
{{- define "tributary.validate" -}}
{{- if and .Values.operator.enabled (gt (int .Values.operator.replicas) 1) (not .Values.operator.leaderElection) -}}
{{- fail "operator.replicas above 1 needs operator.leaderElection: without it every replica would reconcile" -}}
{{- end -}}
{{- if and .Values.postgresql.url (not .Values.postgresql.existingSecret) -}}
{{- fail "postgresql.url needs postgresql.existingSecret: a Secret with the user name and password (keys postgresql.usernameKey and postgresql.passwordKey)" -}}
{{- end -}}
{{- if and .Values.postgresql.url (not (hasPrefix "jdbc:postgresql://" .Values.postgresql.url)) -}}
{{- fail "postgresql.url is a JDBC URL: jdbc:postgresql://host:5432/database" -}}
{{- end -}}
{{- end -}}
