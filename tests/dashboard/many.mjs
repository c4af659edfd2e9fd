// An organisation with many accounts, as the issue describes it: long names and domains, both
// auth methods, a few odd ones. Deterministic (fixed ids), so screenshots only change when the
// page does.

const COMPANIES = ['northwind-traders', 'contoso-pharmaceuticals', 'fabrikam-manufacturing', 'wide-world-importers', 'tailspin-toys', 'adventure-works-cycles', 'woodgrove-bank', 'litware-insurance', 'proseware-logistics', 'alpine-ski-house'];
const UNITS = ['workforce-identity', 'customer-identity-ciam', 'partner-portal-federation', 'contractors-and-temporary-staff', 'mergers-acquisitions-integration'];
const REGIONS = [['emea', 'okta-emea.com'], ['us-east', 'okta.com'], ['apac', 'okta.com'], ['staging', 'oktapreview.com']];

/** A fixed UUID-shaped id for account `i`. */
export function fixedId(i) {
  const hex = (n, width) => (n >>> 0).toString(16).padStart(width, '0').slice(-width);
  const x = Math.imul(i + 1, 2654435761);
  return `${hex(x, 8)}-${hex(i, 4)}-4${hex(x >>> 4, 3)}-a${hex(x >>> 8, 3)}-${hex(Math.imul(x, 40503), 8)}${hex(i * 7919, 4)}`;
}

/** `n` accounts in the local API's flat shape, with ids (long names, long domains). */
export function manyAccounts(n = 200) {
  return Array.from({ length: n }, (_, i) => {
    const company = COMPANIES[i % COMPANIES.length];
    const unit = UNITS[Math.floor(i / COMPANIES.length) % UNITS.length];
    const [region, zone] = REGIONS[i % REGIONS.length];
    const number = String(i + 1).padStart(3, '0');
    const name = i % 17 === 5 ? `${company}${unit}${region}averylonglabelwithoutanyplacetobreakit${number}`.replace(/-/g, '') : `${company}-${unit}-${region}-${number}`;
    const domain = `https://${company}-${unit.split('-')[0]}-${region}-${number}.${zone}/`;
    return i % 3 === 2
      ? { id: fixedId(i), name, domain, auth_method: 'api_key', api_key: 'not-a-real-token' }
      : { id: fixedId(i), name, domain, auth_method: 'oauth', client_id: `0oa${company.slice(0, 4)}${number}Xk9PqR2sT7`, client_secret: 'not-a-real-secret' };
  });
}
