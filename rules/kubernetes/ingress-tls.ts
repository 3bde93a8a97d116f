import { defineRule, fail } from '../../core/rule.js';
import { objName, objectLoc, objectsOf, strItems } from '../../core/kubernetes/pod.js';

/** Controller annotations that attach a certificate without spec.tls. */
const CERT_ANNOTATIONS = [
  'alb.ingress.kubernetes.io/certificate-arn',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'networking.gke.io/managed-certificates',
  'service.beta.kubernetes.io/aws-load-balancer-ssl-cert',
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
  'kubernetes.io/ingress.global-static-ip-name-tls',
];

export default defineRule({
  id: 'TG-K8S-016',
  name: 'k8s-ingress-tls',
  title: 'Ingress terminates TLS for its hosts',
  failTitle: 'Ingress does not terminate TLS for its hosts',
  kind: 'kubernetes',
  objectKinds: ['Ingress', 'Gateway'],
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.1', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Ingress traffic without TLS is unencrypted data in transit (CC6.7).',
  confidence: 'medium',
  aliases: ['C-0263'],
  rationale:
    'An Ingress without TLS serves its hosts over plain HTTP, so credentials, session cookies and data cross the network readable and modifiable by anyone on the path.',
  controlRationale: {
    'CC6.7': 'Data in transit to and from the service must be protected, which for HTTP means TLS.',
    'CC6.1': 'Login credentials and session tokens sent through the Ingress must not travel in clear.',
    'CC6.6': 'The Ingress is the system boundary; it should only accept protected connections.',
  },
  remediation:
    'Add spec.tls with the hosts and a certificate Secret (for example from cert-manager), or attach a certificate through the controller (ALB certificate-arn, GKE managed certificates); redirect HTTP to HTTPS.',
  defaults:
    'An Ingress with no spec.tls and no controller certificate annotation is reported; when spec.tls exists, each rule host missing from every tls.hosts list is reported. Gateways (gateway.networking.k8s.io) whose listeners are all HTTP are reported too.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const ing of objectsOf(f, 'Ingress')) {
      if (CERT_ANNOTATIONS.some((a) => ing.annotations[a])) continue;
      const spec = ing.view.get('spec');
      if (!spec) continue;
      const tls = spec.get('tls');
      const tlsItems = tls?.items() ?? [];
      if (!tlsItems.length) {
        yield fail(tls ? tls.pairLoc : objectLoc(ing), `${objName(ing)} has no spec.tls, so it serves its hosts over plain HTTP.`);
        continue;
      }
      const covered = tlsItems.flatMap((t) => strItems(t.get('hosts')).map((h) => h.s));
      // A tls entry without hosts covers the default certificate for all hosts.
      if (tlsItems.some((t) => !t.get('hosts'))) continue;
      for (const r of spec.get('rules')?.items() ?? []) {
        const h = r.get('host');
        const host = h?.str();
        if (!h || !host) continue;
        const ok = covered.some((c) => c === host || (c.startsWith('*.') && host.endsWith(c.slice(1)) && !host.slice(0, -c.length + 1).includes('.')));
        if (!ok) yield fail(h.pairLoc, `${objName(ing)} routes host ${host} but no spec.tls entry lists it.`);
      }
    }
    for (const gw of objectsOf(f, 'Gateway')) {
      if (!gw.apiVersion.startsWith('gateway.networking.k8s.io/')) continue;
      const listeners = gw.view.at('spec', 'listeners')?.items() ?? [];
      const protocols = listeners.map((l) => l.get('protocol')?.str()?.toUpperCase());
      if (!listeners.length || protocols.some((p) => p !== 'HTTP')) continue;
      const first = listeners[0].get('protocol');
      yield fail(first ? first.pairLoc : objectLoc(gw), `${objName(gw)} has only plain HTTP listeners.`);
    }
  },
});
