import { EN } from './en.js';
import type { ExplainSentences } from './sentences.js';

// Headings and explain's own sentences; the per-code causes stay in English.
export const FR: ExplainSentences = {
  ...EN,
  recognised: (browser, locales) =>
    `reconnu : ligne de la console de ${browser}${locales ? ` (${locales})` : ''}`,
  partial: 'seule une partie du message a été collée',
  legacy: 'une ancienne formulation de ce message',
  labels: {
    url: 'URL',
    redirectedFrom: 'redirigé depuis',
    origin: 'origine',
    status: 'statut',
    header: 'en-tête',
    method: 'méthode',
    value: 'valeur',
  },
  preflightFailed: '(la requête de pré-vérification, le preflight, a échoué)',
  cause: 'Cause',
  whatToCheck: 'À vérifier',
  fix: 'Correction',
  responseHeaders: 'En-têtes de réponse à envoyer :',
  policy: 'politique corskit (cors.json) :',
  next: 'Étape suivante : voir ce que le serveur répond vraiment',
  nextOrigin: 'Remplacez <page-origin> par l’origine de la page (schéma://hôte:port).',
  truncated: (browser) =>
    `Cette ligne de ${browser} a été coupée avant la raison : la raison, qui dit ce qui ne va pas, manque.`,
  askWholeLine:
    'Copiez la ligne entière depuis la console du navigateur (clic droit → Copier le message) et collez-la à nouveau.',
  ambiguous:
    'Ces mots apparaissent dans plusieurs messages CORS : aucune cause unique ne peut être nommée. Candidats :',
  unknown: 'Non reconnu comme un message CORS de la console.',
  closest: 'Messages connus les plus proches :',
  pasteWhole:
    'Collez la ligne entière de la console du navigateur (pour Firefox, ce qui suit « Raison : » suffit).',
  notices: {
    ...EN.notices,
    'script-side': [
      'C’est ce que voit le script de la page. Les navigateurs cachent volontairement aux scripts la raison d’un échec, donc ce texte seul ne dit pas ce qui ne va pas.',
      'Ouvrez la console du navigateur (F12) : la ligne rouge juste au-dessus donne la raison. Collez cette ligne ici.',
      'Ou interrogez directement le serveur : corskit doctor <url> --origin <page-origin>',
    ],
  },
};
