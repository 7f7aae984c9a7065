import type { ExplainSentences } from './sentences.js';

export const ES: ExplainSentences = {
  recognised: (browser, locales) =>
    `reconocido: línea de la consola de ${browser}${locales ? ` (${locales})` : ''}`,
  partial: 'solo se pegó parte del mensaje',
  legacy: 'una redacción antigua de este mensaje',
  labels: {
    url: 'URL',
    redirectedFrom: 'redirigido desde',
    origin: 'origen',
    status: 'estado',
    header: 'cabecera',
    method: 'método',
    value: 'valor',
  },
  preflightFailed: '(falló la petición previa, el preflight)',
  cause: 'Causa',
  whatToCheck: 'Qué revisar',
  fix: 'Solución',
  responseHeaders: 'Cabeceras de respuesta que hay que enviar:',
  policy: 'política de corskit (cors.json):',
  next: 'Siguiente paso: ver qué responde realmente el servidor',
  nextOrigin: 'Sustituya <page-origin> por el origen de la página (esquema://host:puerto).',
  truncated: (browser) =>
    `Esta línea de ${browser} se cortó antes del motivo: falta el motivo, las palabras que dicen qué está mal.`,
  askWholeLine:
    'Copie la línea entera desde la consola del navegador (clic derecho → Copiar mensaje) y péguela de nuevo.',
  ambiguous:
    'Estas palabras aparecen en varios mensajes CORS, así que no se puede nombrar una sola causa. Candidatos:',
  unknown: 'No se reconoce como un mensaje CORS de la consola.',
  reasonless: 'Esta línea no nombra ninguna razón CORS.',
  closest: 'Mensajes conocidos más parecidos:',
  pasteWhole:
    'Pegue la línea entera de la consola del navegador (en Firefox basta con lo que sigue a "Motivo:").',
  notices: {
    'script-side': [
      'Esto es lo que ve el script de la página. Los navegadores ocultan a los scripts el motivo de una petición fallida a propósito (una página no debe saber nada de otros orígenes), así que este texto por sí solo no dice qué está mal.',
      'Abra la consola del navegador (F12): la línea roja justo encima da el motivo. Pegue esa línea aquí.',
      'O pregunte directamente al servidor: corskit doctor <url> --origin <page-origin>',
    ],
    'file-scheme': [
      'La página se abrió desde un archivo (file://). Chromium rechaza fetch() y XHR desde páginas file hacia casi cualquier esquema, y una página file tiene el origen "null".',
      'Sirva la página por http, p. ej. `npx serve .` o `python3 -m http.server`, y abra http://localhost:<puerto>/.',
    ],
    'private-network': [
      'Private/Local Network Access de Chromium: una página en una dirección más pública (un sitio público o una página no segura) pidió una más privada (una dirección de la red local o localhost).',
      "El servidor debe responder al preflight con 'Access-Control-Allow-Private-Network: true' (Private Network Access) y la página debe servirse por https; con Local Network Access (Chromium 142+) el usuario además debe conceder el permiso.",
    ],
    'companion-only': [
      'Esta es la línea de red que Chromium imprime junto a un error CORS; el motivo está en la línea de arriba ("Access to fetch at … has been blocked by CORS policy: …"). Pegue las dos líneas.',
    ],
  },
  causes: {
    CORSMissingAllowOrigin:
      "La respuesta no lleva la cabecera 'Access-Control-Allow-Origin', así que el navegador no deja que la página la lea: el servidor no hace CORS en esta ruta, o no para este origen.",
    CORSMultipleAllowOriginNotAllowed:
      "La respuesta lleva más de un valor de 'Access-Control-Allow-Origin': normalmente la aplicación y un proxy (nginx, una pasarela, una CDN) la añaden los dos. La cabecera admite exactamente un origen o '*'.",
    CORSAllowOriginNotMatchingOrigin:
      "La cabecera 'Access-Control-Allow-Origin' permite otro origen, no el de la página. Los orígenes deben coincidir exactamente: esquema, host y puerto, sin barra final ni ruta.",
    CORSInvalidAllowOrigin:
      "El valor de 'Access-Control-Allow-Origin' no es un origen (ni '*' ni 'null'): los patrones como '*.example.com' no los entiende ningún navegador.",
    CORSNotSupportingCredentials:
      "La página envía credenciales (cookies, autenticación HTTP) y el servidor responde 'Access-Control-Allow-Origin: *'. Con credenciales el comodín se rechaza: el servidor debe nombrar el origen.",
    CORSMissingAllowCredentials:
      "La página envía credenciales y la respuesta no lleva 'Access-Control-Allow-Credentials: true'.",
    CORSMethodNotFound:
      "El método de la petición no figura en 'Access-Control-Allow-Methods' de la respuesta al preflight.",
    CORSMissingAllowHeaderFromPreflight:
      "Una cabecera que envía la página no figura en 'Access-Control-Allow-Headers' de la respuesta al preflight.",
    CORSInvalidAllowMethod:
      "'Access-Control-Allow-Methods' contiene un valor que no es un método HTTP válido.",
    CORSInvalidAllowHeader:
      "'Access-Control-Allow-Headers' contiene un valor que no es un nombre de cabecera válido.",
    CORSPreflightDidNotSucceed:
      'La petición previa (OPTIONS, el preflight) no obtuvo una respuesta 2xx con cabeceras CORS: nada en el servidor atiende los preflights de esta ruta, o la ruta OPTIONS no llega al código CORS.',
    CORSDidNotSucceed:
      'La petición no llegó a completarse: error de red, conexión rechazada, certificado inválido, o la petición previa falló antes.',
    CORSExternalRedirectNotAllowed:
      'El servidor respondió al preflight con una redirección; los preflights no siguen redirecciones.',
    CORSRequestNotHttp:
      'La petición no usa http ni https (por ejemplo file://): CORS solo funciona sobre http(s).',
    CORSDisabled: 'CORS está desactivado en este navegador (content.cors.disable en about:config).',
    CORSRedirectContainsCredentials:
      'Una redirección lleva usuario y contraseña en la URL, lo que no se permite en peticiones de otro origen.',
    CORSPrivateNetworkNotAllowed:
      'Una página más pública pidió una dirección más privada (red local o localhost) sin el permiso de Private Network Access.',
  },
  checks: {
    CORSMissingAllowOrigin: [
      '¿Está el middleware CORS registrado antes de la ruta (y antes de la autenticación) para esta ruta y este método?',
      '¿Permite el servidor el origen de la página? Un origen rechazado no recibe ninguna cabecera CORS.',
      '¿Hay un proxy o una CDN delante que quite la cabecera o sirva de caché una respuesta hecha para otro origen (falta Vary: Origin)?',
    ],
    CORSMultipleAllowOriginNotAllowed: [
      '¿Qué capas añaden cabeceras CORS? Deje exactamente una: la aplicación o el proxy.',
      'No envíe nunca una lista de orígenes separada por comas: refleje el único Origin permitido de la petición.',
    ],
    CORSAllowOriginNotMatchingOrigin: [
      'Compare el valor byte a byte con el origen de la página (http frente a https, www, puerto, barra final).',
      '¿Sirve una caché una respuesta hecha para otro origen? Las respuestas que varían según el origen necesitan Vary: Origin.',
      '¿Hubo una redirección a otro origen? Entonces el origen es null.',
    ],
    CORSInvalidAllowOrigin: [
      '¿De dónde sale el valor? ¿Un patrón de la configuración copiado en la cabecera, o una variable vacía?',
    ],
    CORSNotSupportingCredentials: [
      '¿Necesita la página enviar credenciales? Si no, quite credentials: "include".',
      'Si las necesita, el servidor debe nombrar el origen, enviar Access-Control-Allow-Credentials: true y Vary: Origin.',
    ],
    CORSMissingAllowCredentials: [
      '¿Envía el servidor Access-Control-Allow-Credentials: true en el preflight y en la respuesta real?',
    ],
    CORSMethodNotFound: ['¿Qué métodos lista Access-Control-Allow-Methods en la respuesta al preflight?'],
    CORSMissingAllowHeaderFromPreflight: [
      '¿Qué cabeceras lista Access-Control-Allow-Headers en la respuesta al preflight? Deben estar todas las que envía la página.',
    ],
    CORSPreflightDidNotSucceed: [
      '¿Responde el servidor a OPTIONS en esta ruta, antes de la autenticación y sin redirigir?',
      '¿Qué estado devolvió el preflight? Debe ser 2xx con las cabeceras CORS.',
    ],
    CORSDidNotSucceed: [
      '¿Está el servidor en marcha y es alcanzable desde el navegador en esta URL (puerto, host, certificado https)?',
      '¿Lo explica una línea anterior (un preflight fallido)? Firefox imprime esta línea después de cada preflight fallido.',
    ],
    CORSInvalidAllowMethod: ['Busque espacios en lugar de comas, o comillas, en la lista configurada.'],
    CORSInvalidAllowHeader: ['Busque espacios en lugar de comas, o comillas, en la lista configurada.'],
    CORSExternalRedirectNotAllowed: [
      'Pida directamente la URL final (https, la ruta exacta con o sin barra final).',
      'Asegúrese de que OPTIONS se responde antes de las reglas de redirección.',
    ],
    CORSRequestNotHttp: ['Sirva la página y la API por http(s), por ejemplo con un servidor web local.'],
    CORSDisabled: ['Restablezca la preferencia del navegador.'],
    CORSRedirectContainsCredentials: ['Mire la cabecera Location de la redirección.'],
    CORSPrivateNetworkNotAllowed: [
      '¿Responde el servidor al preflight con Access-Control-Allow-Private-Network: true?',
    ],
  },
  fixes: {
    CORSMissingAllowOrigin: (d) =>
      `Envíe 'Access-Control-Allow-Origin: ${d.origin ?? '<origin>'}' en todas las respuestas a este origen, también en las de error.`,
    CORSMultipleAllowOriginNotAllowed: () =>
      'Envíe una sola línea Access-Control-Allow-Origin con un solo valor: el origen de la petición (o *).',
    CORSAllowOriginNotMatchingOrigin: (d) =>
      `Refleje el Origin de la petición cuando esté permitido: 'Access-Control-Allow-Origin: ${d.origin ?? '<origin>'}'.`,
    CORSNotSupportingCredentials: (d) =>
      `Envíe 'Access-Control-Allow-Origin: ${d.origin ?? '<origin>'}', 'Access-Control-Allow-Credentials: true' y 'Vary: Origin'.`,
    CORSMissingAllowCredentials: () =>
      "Envíe 'Access-Control-Allow-Credentials: true' en el preflight y en la respuesta real.",
    CORSMethodNotFound: (d) =>
      `Envíe 'Access-Control-Allow-Methods: ${d.method ?? '<METHOD>'}' (o una lista que lo contenga) en el preflight.`,
    CORSMissingAllowHeaderFromPreflight: (d) =>
      `Envíe 'Access-Control-Allow-Headers: ${d.header ?? '<header>'}' (todas las cabeceras que envía la página) en el preflight.`,
    CORSPreflightDidNotSucceed: () =>
      'Responda al preflight con 204 (o 200) y las cabeceras CORS, antes de cualquier autenticación.',
    CORSDidNotSucceed: () => 'Haga que el servidor sea alcanzable; después revise las cabeceras CORS.',
    CORSInvalidAllowOrigin: (d) =>
      `Compare el patrón en el servidor y envíe el origen concreto: 'Access-Control-Allow-Origin: ${d.origin ?? '<origin>'}'.`,
    CORSInvalidAllowMethod: () =>
      "Envíe una lista separada por comas: 'Access-Control-Allow-Methods: GET, POST, PUT'.",
    CORSInvalidAllowHeader: () =>
      "Envíe una lista separada por comas: 'Access-Control-Allow-Headers: content-type, authorization'.",
    CORSExternalRedirectNotAllowed: () =>
      'Llame a la URL final, o responda a OPTIONS en esta URL con 204 y las cabeceras CORS en lugar de redirigir.',
    CORSRequestNotHttp: () => 'Use una URL http(s).',
    CORSDisabled: () => 'Vuelva a activar CORS en el navegador.',
    CORSRedirectContainsCredentials: () =>
      'Redirija a una URL sin credenciales; autentique con cabeceras en su lugar.',
    CORSPrivateNetworkNotAllowed: () =>
      "Responda al preflight con 'Access-Control-Allow-Private-Network: true' (corskit: privateNetwork: true).",
  },
  errorStatus: (status) =>
    `El servidor respondió ${status} sin cabeceras CORS: el problema real es ese ${status}. La ruta de error (autenticación, manejador de errores, página de error del proxy) pierde las cabeceras CORS, y el navegador informa de CORS en lugar del ${status}.`,
};
