// Kubernetes resource quantities ("100m", "1.5", "512Mi", "2Gi", "1e3", "1k"), read the way
// apimachinery's resource.ParseQuantity reads them:
//   <quantity>        ::= <signedNumber><suffix>
//   <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
//   <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
//   <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
//   <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
//   <decimalExponent> ::= "e" <signedInteger> | "E" <signedInteger>
// Anything else (a capital K, "1.5.0", " 1", "1e") is not a quantity. The value is a float,
// which is all a display or a simulation needs; apimachinery's fixed point (rounding up to 1n,
// capping binary values at 2^63-1) is not reproduced.

const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE]?)$/;

const DECIMAL_SI: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SI: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * The quantity's value in units of 10^scale (scale -3: millis, e.g. CPU millicores; 0: the
 * base unit, e.g. bytes), or undefined when `text` is not a quantity.
 */
export function parseQuantity(text: string, scale = 0): number | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign = '', number = '', suffix = ''] = m;
  const [whole = '', fraction = ''] = number.split('.');
  // Digits as one integer and a power of ten, so "0.29" in millis is 29 * 10 (exact), not 0.29 * 1000.
  const digits = Number(`${whole}${fraction}`);
  let exponent = -fraction.length - scale;
  let binary = 0;
  if (suffix in BINARY_SI) binary = BINARY_SI[suffix] as number;
  else if (suffix in DECIMAL_SI) exponent += DECIMAL_SI[suffix] as number;
  else exponent += Number(suffix.slice(1)); // e<n> / E<n>
  const decimal = exponent >= 0 ? digits * 10 ** exponent : digits / 10 ** -exponent;
  const value = decimal * 2 ** binary;
  return sign === '-' && value !== 0 ? -value : value;
}
