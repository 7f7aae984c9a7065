// Signals for a gateway process: SIGHUP reloads the policies, SIGTERM/SIGINT drain and exit.
import type { Gateway } from './gateway.js';

export function handleSignals(gateway: Gateway, exit: (code: number) => void = process.exit): () => void {
  const onHup = () => void gateway.reload('SIGHUP');
  const onTerm = (signal: NodeJS.Signals) => {
    gateway.log.event('info', `${signal} received`);
    gateway.drain().then(
      () => exit(0),
      () => exit(1),
    );
  };
  process.on('SIGHUP', onHup);
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onTerm);
  return () => {
    process.off('SIGHUP', onHup);
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onTerm);
  };
}
