package io.voiceagents.outbound.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where an E.164 number rings: the country calling code (ITU-T E.164, prefix-free, 1 to 3 digits) mapped to ISO
 * 3166-1 alpha-2. Toll fraud targets premium and far-away destinations, so where a code is shared the table names
 * the country precisely, and where it cannot it names none (never allowed):
 * <ul>
 *   <li>+1 (North American Numbering Plan, always 1 + 10 digits) is read by area code: the Caribbean and Pacific
 *       members (JM, DO, BS, PR, GU, ...) are named, Canada's area codes are CA, every other one is US. Area codes
 *       900 and 976 (premium rate) and numbers that are not 11 digits long have no country.</li>
 *   <li>Territories inside another country's code are split out by their longer prefix: KZ in +7, the Crown
 *       Dependencies in +44 (GG, JE, IM), SJ in +47, YT in +262, VA in +39, BQ in +599, CC and CX in +61.</li>
 *   <li>Other codes shared by several territories resolve to the main one (+44 GB, +47 NO, +61 AU, +262 RE, +590
 *       GP, +599 CW, ...).</li>
 *   <li>Non-geographic codes (international freephone, satellite, international networks, premium rate: +800,
 *       +808, +870, +878, +881, +882, +883, +888, +979), unassigned codes, +247 (Ascension, a classic toll-fraud
 *       target without an ISO code of its own) and +379 (reserved, unused) resolve to no country.</li>
 * </ul>
 */
public final class CallingCodes {

    /** The place a number rings, as far as the allow-list is concerned. */
    public record Destination(String callingCode, Set<String> countries, String label) {

        /** True when no country can be named: never allowed. */
        public boolean unknown() {
            return countries.isEmpty();
        }
    }

    private static final int NANP_LENGTH = 11;
    private static final Map<String, String> CODES = new HashMap<>();
    /** Calling code + the first national digits → the territory they ring in, within another country's code. */
    private static final Map<String, String> SPLITS = new HashMap<>();
    private static final Map<String, String> NANP_AREAS = new HashMap<>();
    private static final Set<String> NANP_PREMIUM = Set.of("900", "976");

    static {
        load("""
                7 RU, 20 EG, 27 ZA, 30 GR, 31 NL, 32 BE, 33 FR, 34 ES, 36 HU, 39 IT, 40 RO, 41 CH, 43 AT, 44 GB,
                45 DK, 46 SE, 47 NO, 48 PL, 49 DE, 51 PE, 52 MX, 53 CU, 54 AR, 55 BR, 56 CL, 57 CO, 58 VE, 60 MY,
                61 AU, 62 ID, 63 PH, 64 NZ, 65 SG, 66 TH, 81 JP, 82 KR, 84 VN, 86 CN, 90 TR, 91 IN, 92 PK, 93 AF,
                94 LK, 95 MM, 98 IR,
                211 SS, 212 MA, 213 DZ, 216 TN, 218 LY, 220 GM, 221 SN, 222 MR, 223 ML, 224 GN, 225 CI, 226 BF,
                227 NE, 228 TG, 229 BJ, 230 MU, 231 LR, 232 SL, 233 GH, 234 NG, 235 TD, 236 CF, 237 CM, 238 CV,
                239 ST, 240 GQ, 241 GA, 242 CG, 243 CD, 244 AO, 245 GW, 246 IO, 248 SC, 249 SD, 250 RW,
                251 ET, 252 SO, 253 DJ, 254 KE, 255 TZ, 256 UG, 257 BI, 258 MZ, 260 ZM, 261 MG, 262 RE, 263 ZW,
                264 NA, 265 MW, 266 LS, 267 BW, 268 SZ, 269 KM, 290 SH, 291 ER, 297 AW, 298 FO, 299 GL,
                350 GI, 351 PT, 352 LU, 353 IE, 354 IS, 355 AL, 356 MT, 357 CY, 358 FI, 359 BG, 370 LT, 371 LV,
                372 EE, 373 MD, 374 AM, 375 BY, 376 AD, 377 MC, 378 SM, 380 UA, 381 RS, 382 ME, 383 XK,
                385 HR, 386 SI, 387 BA, 389 MK, 420 CZ, 421 SK, 423 LI,
                500 FK, 501 BZ, 502 GT, 503 SV, 504 HN, 505 NI, 506 CR, 507 PA, 508 PM, 509 HT, 590 GP, 591 BO,
                592 GY, 593 EC, 594 GF, 595 PY, 596 MQ, 597 SR, 598 UY, 599 CW,
                670 TL, 672 NF, 673 BN, 674 NR, 675 PG, 676 TO, 677 SB, 678 VU, 679 FJ, 680 PW, 681 WF, 682 CK,
                683 NU, 685 WS, 686 KI, 687 NC, 688 TV, 689 PF, 690 TK, 691 FM, 692 MH,
                850 KP, 852 HK, 853 MO, 855 KH, 856 LA, 880 BD, 886 TW,
                960 MV, 961 LB, 962 JO, 963 SY, 964 IQ, 965 KW, 966 SA, 967 YE, 968 OM, 970 PS, 971 AE, 972 IL,
                973 BH, 974 QA, 975 BT, 976 MN, 977 NP, 992 TJ, 993 TM, 994 AZ, 995 GE, 996 KG, 998 UZ""", CODES);
        load("""
                7-6 KZ, 7-7 KZ, 44-1481 GG, 44-1534 JE, 44-1624 IM, 47-79 SJ, 262-269 YT, 262-639 YT, 39-06698 VA,
                599-3 BQ, 599-4 BQ, 599-7 BQ, 61-89162 CC, 61-89164 CX""", SPLITS);
        // NANP members and territories outside US/CA proper, by area code
        load("""
                242 BS, 246 BB, 264 AI, 268 AG, 284 VG, 340 VI, 345 KY, 441 BM, 473 GD, 649 TC, 658 JM, 664 MS,
                670 MP, 671 GU, 684 AS, 721 SX, 758 LC, 767 DM, 784 VC, 787 PR, 809 DO, 829 DO, 849 DO, 868 TT,
                869 KN, 876 JM, 939 PR""", NANP_AREAS);
        // Canada's area codes, geographic and non-geographic (600, 622)
        load("""
                204 CA, 226 CA, 236 CA, 249 CA, 250 CA, 257 CA, 263 CA, 289 CA, 306 CA, 343 CA, 354 CA, 365 CA,
                367 CA, 368 CA, 382 CA, 387 CA, 403 CA, 416 CA, 418 CA, 428 CA, 431 CA, 437 CA, 438 CA, 450 CA,
                460 CA, 468 CA, 474 CA, 506 CA, 514 CA, 519 CA, 548 CA, 579 CA, 581 CA, 584 CA, 587 CA, 600 CA,
                604 CA, 613 CA, 622 CA, 639 CA, 647 CA, 672 CA, 683 CA, 705 CA, 709 CA, 742 CA, 753 CA, 778 CA,
                780 CA, 782 CA, 807 CA, 819 CA, 825 CA, 867 CA, 873 CA, 879 CA, 902 CA, 905 CA, 942 CA""", NANP_AREAS);
    }

    private CallingCodes() {
    }

    public static Destination of(PhoneNumber number) {
        String digits = number.value().substring(1);
        if (digits.startsWith("1")) {
            return nanp(digits);
        }
        for (int length = 1; length <= 3 && length <= digits.length(); length++) {
            String code = digits.substring(0, length);
            String country = CODES.get(code);
            if (country != null) {
                return split(code, digits.substring(length)).orElse(
                        new Destination(code, Set.of(country), "+" + code + " (" + country + ")"));
            }
        }
        String code = digits.substring(0, Math.min(3, digits.length()));
        return new Destination(code, Set.of(), "+" + code + " (no country: unassigned, satellite, premium-rate or "
                + "international network code)");
    }

    /** The territory of the longest split-out prefix the national number starts with. */
    private static Optional<Destination> split(String code, String national) {
        for (int length = national.length(); length >= 1; length--) {
            String prefix = national.substring(0, length);
            String country = SPLITS.get(code + "-" + prefix);
            if (country != null) {
                return Optional.of(new Destination(code, Set.of(country),
                        "+" + code + " " + prefix + " (" + country + ")"));
            }
        }
        return Optional.empty();
    }

    private static Destination nanp(String digits) {
        if (digits.length() != NANP_LENGTH) {
            // 1 + a 3-digit area code + 7 digits, or it cannot be routed and has no area code to read
            return new Destination("1", Set.of(), "+1 (no country: not a complete North American number)");
        }
        String area = digits.substring(1, 4);
        if (NANP_PREMIUM.contains(area)) {
            return new Destination("1", Set.of(), "+1 " + area + " (premium rate)");
        }
        String country = NANP_AREAS.getOrDefault(area, "US");
        return new Destination("1", Set.of(country), "+1 " + area + " (" + country + ")");
    }

    private static void load(String table, Map<String, String> into) {
        for (String entry : table.split(",")) {
            String[] parts = entry.strip().split(" ");
            into.put(parts[0], parts[1]);
        }
    }
}
