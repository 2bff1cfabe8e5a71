// Per-country address facts from Google's libaddressinput region data (the data behind Chrome's
// and Android's address forms): cpp/src/region_data_constants.cc for the countries, and
// testdata/countryinfo.txt for the postal-code prefixes of each subdivision, both at commit
// e20690c8d5178bb282641d5eb06ef0298ff4cbc5 (github.com/google/libaddressinput).

/** Countries whose "require" field includes Z: an address there is incomplete without a postal code. */
export const POSTAL_CODE_REQUIRED = new Set([
  "AS", "AT", "AU", "AX", "BE", "BL", "BR", "CA", "CH", "CN", "CZ", "DE", "DK", "EE", "ES", "FI", "FK",
  "FM", "FR", "GB", "GF", "GG", "GL", "GP", "GR", "GS", "GU", "HU", "IM", "IN", "IO", "IT", "JE", "JP",
  "KR", "LI", "LT", "LU", "LV", "MF", "MH", "MP", "MQ", "MX", "MY", "NC", "NL", "NO", "NZ", "PF", "PL",
  "PM", "PN", "PR", "PT", "PW", "RE", "RO", "RU", "SE", "SG", "SH", "SJ", "SK", "SM", "TC", "TR", "TW",
  "UA", "US", "VI", "WF", "YT", "ZA",
]);

/** Countries whose "require" field includes S (state, province, prefecture, emirate…). */
export const PROVINCE_REQUIRED = [
  "AE", "AS", "AU", "BR", "CA", "CN", "CO", "CR", "ES", "FM", "HK", "HN", "ID", "IN", "IQ", "IT", "JM",
  "JP", "KN", "KR", "KY", "MH", "MP", "MX", "NR", "PF", "PG", "PW", "RU", "SO", "SV", "TW", "UM", "US",
  "VE", "VI", "VN",
];

/** Countries whose "require" field leaves out C: city-states and places addressed without a city. */
export const CITY_OPTIONAL = new Set(["AE", "AG", "CO", "GI", "HK", "ID", "JP", "KY", "MO", "NR", "SG", "SM", "VG", "VN"]);

/**
 * The postal-code prefixes (regular expressions anchored at the start) of each subdivision, keyed
 * by the subdivision codes Shopify uses as provinceCode in these countries.
 */
export const POSTAL_CODE_PREFIXES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    AA: "340", AE: "09", AK: "99[5-9]", AL: "3[56]", AP: "96[2-6]", AR: "71[6-9]|72", AS: "96799",
    AZ: "8[56]", CA: "9[0-5]|96[01]", CO: "8[01]", CT: "06", DC: "20[02-5]|569", DE: "19[7-9]",
    FL: "3[23]|34[1-9]", FM: "9694[1-4]", GA: "3[01]|398|39901", GU: "969([1-2]\\d|3[12])",
    HI: "967[0-8]|9679[0-8]|968", IA: "5[0-2]", ID: "83[2-9]", IL: "6[0-2]", IN: "4[67]", KS: "6[67]",
    KY: "4[01]|42[0-7]", LA: "70|71[0-5]", MA: "01|02[0-7]|05501|05544", MD: "20[6-9]|21",
    ME: "039|04", MH: "969[67]", MI: "4[89]", MN: "55|56[0-7]", MO: "6[3-5]", MP: "9695[0-2]",
    MS: "38[6-9]|39[0-7]", MT: "59", NC: "2[78]", ND: "58", NE: "6[89]", NH: "03[0-8]", NJ: "0[78]",
    NM: "87|88[0-4]", NV: "889|89", NY: "1[0-4]|06390|00501|00544", OH: "4[3-5]", OK: "7[34]",
    OR: "97", PA: "1[5-8]|19[0-6]", PR: "00[679]", PW: "969(39|40)", RI: "02[89]", SC: "29", SD: "57",
    TN: "37|38[0-5]", TX: "7[5-9]|885|73301|73344", UT: "84", VA: "201|2[23]|24[0-6]", VI: "008",
    VT: "05", WA: "98|99[0-4]", WI: "5[34]", WV: "24[7-9]|2[56]", WY: "82|83[01]|83414",
  },
  CA: {
    AB: "T", BC: "V", MB: "R", NB: "E", NL: "A", NS: "B", NT: "X0E|X0G|X1A", NU: "X0A|X0B|X0C",
    ON: "K|L|M|N|P", PE: "C", QC: "G|H|J|K1A", SK: "S|R8A", YT: "Y",
  },
  AU: {
    ACT: "29|2540|260|261[0-8]|02|2620", NSW: "1|2[0-57-8]|26[2-9]|261[189]|3500|3585|3586|3644|3707",
    NT: "0[89]", QLD: "[49]", SA: "5|0872", TAS: "7", VIC: "[38]", WA: "6|0872",
  },
  BR: {
    AC: "699", AL: "57", AM: "69[0-24-8]", AP: "689", BA: "4[0-8]", CE: "6[0-3]", DF: "7[0-1]|72[0-7]|73[0-6]",
    ES: "29", GO: "72[89]|73[7-9]|7[4-6]", MA: "65", MG: "3", MS: "79", MT: "78[0-8]", PA: "6[6-7]|68[0-8]",
    PB: "58", PE: "5[0-6]", PI: "64", PR: "8[0-7]", RJ: "2[0-8]", RN: "59", RO: "76[89]|789", RR: "693",
    RS: "9", SC: "8[89]", SE: "49", SP: "[01][1-9]", TO: "77",
  },
};
