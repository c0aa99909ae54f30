// The demo lab's Alertmanager endpoint.
export { AlertmanagerSim, type AlertmanagerSimOptions } from './server.js';
export { fingerprint, type Labels } from './labels.js';
