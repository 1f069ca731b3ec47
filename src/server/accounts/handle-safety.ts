// Look-alike handles (issue 16, finding 4): `аdmin` (Cyrillic а), `mod_lіn` (Cyrillic і), `ɑdmin`
// (Latin alpha), `admın` (dotless ı) and `admin` + U+3164 were all accepted next to the real ones.
// Pure rules, after NFKC (UAX #15):
// - invisible and filler characters are refused: Default_Ignorable_Code_Point (zero-width space and
//   joiners, word joiner, BOM, variation selectors…) and the Hangul fillers U+115F U+1160 U+3164
//   U+FFA0, which are *letters* to the handle pattern (U+3164 even becomes U+1160 under NFKC);
// - mixed scripts within one handle are refused unless they form one of the combinations Unicode
//   TR 39 §5.2 "Highly Restrictive" allows (Latin + Han + Hiragana + Katakana, Latin + Han +
//   Bopomofo, Latin + Han + Hangul), so `老王abc` stays fine and `раypal` does not;
// - the confusable skeleton (UTS #39 §4: NFD, map each character to its prototype in
//   confusables.txt, NFD again; the mapping from the `unhomoglyph` package, Unicode 13) must not
//   equal that of an existing handle or a reserved staff name. Case is folded before and after
//   the mapping: handles are case-insensitive here (handle_key), and `0` → `O` must meet `o`.
import unhomoglyph from 'unhomoglyph';

const invisible = /[\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0]/u;

/** True when the handle holds a character that shows as nothing (or as a blank). */
export function hasInvisibleCharacter(handle: string): boolean {
  return invisible.test(handle) || invisible.test(handle.normalize('NFKC'));
}

/** The UTS #39 skeleton of a handle, case-folded: equal skeletons ⇒ the handles look alike. */
export function handleSkeleton(handle: string): string {
  const folded = handle.normalize('NFKC').toLowerCase().normalize('NFD').replace(new RegExp(invisible.source, 'gu'), '');
  return unhomoglyph(folded).normalize('NFD').toLowerCase();
}

// ISO 15924 codes of every script in Unicode 14 (perl Unicode::UCD prop_values('Script')), less
// Common, Inherited and Unknown; those this Node's RegExp does not know are left out.
const scriptCodes = (
  'Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Bhks Bopo Brah Brai Bugi Buhd Cakm Cans Cari Cham Cher Chrs Copt '
  + 'Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba Elym Ethi Geor Glag Gong Gonm Goth Gran Grek Gujr Guru Hang Hani Hano Hatr '
  + 'Hebr Hira Hluw Hmng Hmnp Hung Ital Java Kali Kana Khar Khmr Khoj Kits Knda Kthi Lana Laoo Latn Lepc Limb Lina Linb Lisu Lyci '
  + 'Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Mlym Modi Mong Mroo Mtei Mult Mymr Nand Narb Nbat Newa Nkoo Nshu Ogam Olck '
  + 'Orkh Orya Osge Osma Ougr Palm Pauc Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd Sidd Sind '
  + 'Sinh Sogd Sogo Sora Soyo Sund Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt Telu Tfng Tglg Thaa Thai Tibt Tirh Tnsa Toto Ugar '
  + 'Vaii Vith Wara Wcho Xpeo Xsux Yezi Yiii Zanb'
).split(' ');
const scriptTests: Array<[string, RegExp]> = scriptCodes.flatMap((code) => {
  try {
    return [[code, new RegExp(`^\\p{Script_Extensions=${code}}$`, 'u')] as [string, RegExp]];
  } catch {
    return [];
  }
});
const commonOrInherited = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/** The scripts a character belongs to (Script_Extensions); null for Common/Inherited (digits, _, -). */
function scriptsOf(ch: string): Set<string> | null {
  const found = new Set<string>();
  for (const [code, re] of scriptTests) if (re.test(ch)) found.add(code);
  if (found.size > 0) return found;
  return commonOrInherited.test(ch) ? null : new Set([`unknown:${ch}`]);
}

/** TR 39 §5.2 Highly Restrictive: the writing systems that mix scripts by nature. */
const allowedCombinations = [
  new Set(['Latn', 'Hani', 'Hira', 'Kana']),
  new Set(['Latn', 'Hani', 'Bopo']),
  new Set(['Latn', 'Hani', 'Hang']),
];

/** True when the handle mixes scripts in a way TR 39's Highly Restrictive level refuses. */
export function hasMixedScripts(handle: string): boolean {
  const sets: Set<string>[] = [];
  for (const ch of handle.normalize('NFKC')) {
    const s = scriptsOf(ch);
    if (s) sets.push(s);
  }
  if (sets.length === 0) return false;
  // Single script: some script is shared by every character.
  const [first, ...rest] = sets;
  if ([...first!].some((code) => rest.every((s) => s.has(code)))) return false;
  // Covered by one allowed combination: every character belongs to one of its scripts.
  return !allowedCombinations.some((combo) => sets.every((s) => [...s].some((code) => combo.has(code))));
}

/**
 * Staff-sounding names no member may take (nor anything that looks like them). The site's own
 * staff get theirs by `npm run create-admin` or the demo seed, not through sign-up.
 */
export const reservedHandles = [
  'admin', 'administrator', 'root', 'system', 'sysadmin', 'mod', 'moderator', 'moderators', 'staff', 'support', 'official',
  'kaopu', 'security', 'help', 'null', 'undefined',
  '靠谱', '管理员', '审核员', '审核', '版主', '客服', '官方', '站长', '系统', '管理',
] as const;
const reservedSkeletons = new Set(reservedHandles.map(handleSkeleton));

export function isReservedHandle(handle: string): boolean {
  return reservedSkeletons.has(handleSkeleton(handle));
}

export type HandleProblem = 'invisible' | 'mixed_scripts' | 'reserved';

/** What is wrong with a handle on its own (the look-alike of an existing one needs the database). */
export function handleProblem(handle: string): HandleProblem | null {
  if (hasInvisibleCharacter(handle)) return 'invisible';
  if (hasMixedScripts(handle)) return 'mixed_scripts';
  if (isReservedHandle(handle)) return 'reserved';
  return null;
}
