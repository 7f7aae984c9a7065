/** The response header each failure code is about (lower case); absent for status/network failures. */
export const FAILING_HEADER: Readonly<Record<string, string>> = {
  CORSMissingAllowOrigin: 'access-control-allow-origin',
  CORSAllowOriginNotMatchingOrigin: 'access-control-allow-origin',
  CORSMultipleAllowOriginNotAllowed: 'access-control-allow-origin',
  CORSInvalidAllowOrigin: 'access-control-allow-origin',
  CORSNotSupportingCredentials: 'access-control-allow-origin',
  CORSMissingAllowCredentials: 'access-control-allow-credentials',
  CORSMethodNotFound: 'access-control-allow-methods',
  CORSInvalidAllowMethod: 'access-control-allow-methods',
  CORSMissingAllowHeaderFromPreflight: 'access-control-allow-headers',
  CORSInvalidAllowHeader: 'access-control-allow-headers',
  CORSExternalRedirectNotAllowed: 'location',
  CORSRedirectContainsCredentials: 'location',
  CORSPrivateNetworkNotAllowed: 'access-control-allow-private-network',
};
