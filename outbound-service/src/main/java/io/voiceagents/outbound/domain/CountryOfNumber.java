package io.voiceagents.outbound.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The country (ISO 3166-1 alpha-2) a phone number rings in, read from its calling code: the toll-fraud guard
 * compares it with the deployment's allow-list (OUTBOUND_ALLOWED_COUNTRIES).
 *
 * <p>The North American Numbering Plan is split by area code: the Caribbean and Pacific members of +1
 * (Jamaica +1 876, the Dominican Republic +1 809 ...) are classic toll-fraud destinations and must not pass as
 * "US". Codes shared by several territories map to the main one except for the few split out below (Kazakhstan
 * in +7, the Crown Dependencies in +44, ...). Codes that are not a country (international freephone +800,
 * satellite +870/+881, international networks +882/+883, premium +979) have no country, so an allow-list
 * never lets them through.
 */
public final class CountryOfNumber {

    /** Calling code (or longer prefix) → country; longest prefix wins. */
    private static final Map<String, String> PREFIXES = new HashMap<>();
    private static final int LONGEST_PREFIX;

    private static final Set<String> CANADA_AREA_CODES = Set.of(
            "204", "226", "236", "249", "250", "257", "263", "289", "306", "343", "354", "365", "367", "368", "382",
            "387", "403", "416", "418", "428", "431", "437", "438", "450", "460", "468", "474", "506", "514", "519",
            "548", "579", "581", "584", "587", "600", "604", "613", "622", "639", "647", "672", "683", "705", "709",
            "742", "753", "778", "780", "782", "807", "819", "825", "867", "873", "879", "902", "905", "942");

    /** NANP members other than the US and Canada, by area code. */
    private static final Map<String, String> OTHER_NANP_AREA_CODES = Map.ofEntries(
            Map.entry("684", "AS"), Map.entry("264", "AI"), Map.entry("268", "AG"), Map.entry("242", "BS"),
            Map.entry("246", "BB"), Map.entry("441", "BM"), Map.entry("284", "VG"), Map.entry("345", "KY"),
            Map.entry("767", "DM"), Map.entry("809", "DO"), Map.entry("829", "DO"), Map.entry("849", "DO"),
            Map.entry("473", "GD"), Map.entry("671", "GU"), Map.entry("876", "JM"), Map.entry("658", "JM"),
            Map.entry("664", "MS"), Map.entry("670", "MP"), Map.entry("787", "PR"), Map.entry("939", "PR"),
            Map.entry("869", "KN"), Map.entry("758", "LC"), Map.entry("784", "VC"), Map.entry("721", "SX"),
            Map.entry("868", "TT"), Map.entry("649", "TC"), Map.entry("340", "VI"));

    static {
        String table = """
                7:RU 76:KZ 77:KZ 20:EG 211:SS 212:MA 213:DZ 216:TN 218:LY 220:GM 221:SN 222:MR 223:ML 224:GN 225:CI
                226:BF 227:NE 228:TG 229:BJ 230:MU 231:LR 232:SL 233:GH 234:NG 235:TD 236:CF 237:CM 238:CV 239:ST
                240:GQ 241:GA 242:CG 243:CD 244:AO 245:GW 246:IO 248:SC 249:SD 250:RW 251:ET 252:SO 253:DJ 254:KE
                255:TZ 256:UG 257:BI 258:MZ 260:ZM 261:MG 262:RE 262269:YT 262639:YT 263:ZW 264:NA 265:MW 266:LS
                267:BW 268:SZ 269:KM 27:ZA 290:SH 291:ER 297:AW 298:FO 299:GL
                30:GR 31:NL 32:BE 33:FR 34:ES 350:GI 351:PT 352:LU 353:IE 354:IS 355:AL 356:MT 357:CY 358:FI 359:BG
                36:HU 370:LT 371:LV 372:EE 373:MD 374:AM 375:BY 376:AD 377:MC 378:SM 380:UA 381:RS 382:ME 383:XK
                385:HR 386:SI 387:BA 389:MK 39:IT 3906698:VA 40:RO 41:CH 420:CZ 421:SK 423:LI 43:AT 44:GB 441481:GG
                441534:JE 441624:IM 45:DK 46:SE 47:NO 4779:SJ 48:PL 49:DE
                500:FK 501:BZ 502:GT 503:SV 504:HN 505:NI 506:CR 507:PA 508:PM 509:HT 51:PE 52:MX 53:CU 54:AR 55:BR
                56:CL 57:CO 58:VE 590:GP 591:BO 592:GY 593:EC 594:GF 595:PY 596:MQ 597:SR 598:UY 599:CW 5993:BQ
                5994:BQ 5997:BQ
                60:MY 61:AU 6189162:CC 6189164:CX 62:ID 63:PH 64:NZ 65:SG 66:TH 670:TL 672:NF 673:BN 674:NR 675:PG
                676:TO 677:SB 678:VU 679:FJ 680:PW 681:WF 682:CK 683:NU 685:WS 686:KI 687:NC 688:TV 689:PF 690:TK
                691:FM 692:MH
                81:JP 82:KR 84:VN 850:KP 852:HK 853:MO 855:KH 856:LA 86:CN 880:BD 886:TW
                90:TR 91:IN 92:PK 93:AF 94:LK 95:MM 960:MV 961:LB 962:JO 963:SY 964:IQ 965:KW 966:SA 967:YE 968:OM
                970:PS 971:AE 972:IL 973:BH 974:QA 975:BT 976:MN 977:NP 98:IR 992:TJ 993:TM 994:AZ 995:GE 996:KG
                998:UZ""";
        int longest = 0;
        for (String entry : table.split("\\s+")) {
            String[] parts = entry.split(":");
            PREFIXES.put(parts[0], parts[1]);
            longest = Math.max(longest, parts[0].length());
        }
        LONGEST_PREFIX = longest;
    }

    private CountryOfNumber() {
    }

    /** The country the number belongs to, empty when its prefix is not a country's (or is unassigned). */
    public static Optional<String> of(PhoneNumber number) {
        String digits = number.value().substring(1);
        if (digits.startsWith("1")) {
            return nanp(digits);
        }
        for (int length = Math.min(LONGEST_PREFIX, digits.length()); length >= 1; length--) {
            String country = PREFIXES.get(digits.substring(0, length));
            if (country != null) {
                return Optional.of(country);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nanp(String digits) {
        // a NANP number is 1 + 10 digits; anything shorter cannot be routed and has no area code to read
        if (digits.length() != 11) {
            return Optional.empty();
        }
        String areaCode = digits.substring(1, 4);
        if (CANADA_AREA_CODES.contains(areaCode)) {
            return Optional.of("CA");
        }
        return Optional.of(OTHER_NANP_AREA_CODES.getOrDefault(areaCode, "US"));
    }
}
