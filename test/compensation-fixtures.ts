// The compensating-control case several tests share: a privileged pod whose finding (TG-K8S-001) a
// directive says is compensated, and the Kyverno policy that enforces it (`action` Audit, or another
// validated `field`, make the policy miss the concern).
export const privilegedPod = (directive: string, name = 'node-agent') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: agent
      image: registry.example.com/agent@sha256:${'a'.repeat(64)}
      securityContext:
        allowPrivilegeEscalation: false
        runAsNonRoot: true
        ${directive}
        privileged: true
`;

export const kyvernoNoPrivileged = (action = 'Enforce', field = 'privileged') => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: disallow-privileged-containers
spec:
  validationFailureAction: ${action}
  rules:
    - name: privileged-containers
      match:
        any:
          - resources: { kinds: [Pod] }
      validate:
        message: Privileged mode is disallowed.
        pattern:
          spec:
            containers:
              - =(securityContext):
                  =(${field}): "false"
`;
