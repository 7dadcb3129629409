package normalize

// compact copies s into buf upper case, without the separators people put
// inside short codes (spaces, dashes, dots, slashes, underscores, commas,
// apostrophes). ok is false for a character outside ASCII letters and
// digits or when the result does not fit.
func compact(s string, buf []byte) ([]byte, bool) {
	out := buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == ' ' || c == '-' || c == '.' || c == '/' || c == '_' || c == ',' || c == '\'' || c == '\t' || c == '"' || c == '(' || c == ')':
			continue
		default:
			return nil, false
		}
		if len(out) == len(buf) {
			return nil, false
		}
		out = append(out, c)
	}
	return out, true
}

// Sex reads the sex of a voter: L, LK, LAKI-LAKI, LAKI LAKI, LAKI, LELAKI,
// PRIA, M, MALE, 1 give "L"; P, PR, PEREMPUAN, WANITA, W, F, FEMALE, 2
// give "P". Case, spaces, dashes and dots do not matter.
func Sex(raw string) (string, bool) {
	var b [16]byte
	u, ok := compact(raw, b[:])
	if !ok {
		return "", false
	}
	switch string(u) {
	case "L", "LK", "LAKILAKI", "LAKI", "LAKI2", "LELAKI", "PRIA", "COWOK", "M", "MALE", "MAN", "1":
		return "L", true
	case "P", "PR", "PRP", "PEREMPUAN", "WANITA", "W", "CEWEK", "F", "FEMALE", "WOMAN", "2":
		return "P", true
	}
	return "", false
}

// Marital reads a marital status as KPU codes it: B (belum kawin: BELUM
// KAWIN, BELUM MENIKAH, SINGLE), S (sudah kawin: KAWIN, SUDAH KAWIN,
// MENIKAH, KAWIN TERCATAT, MARRIED) or P (pernah kawin: CERAI HIDUP, CERAI
// MATI, CERAI, JANDA, DUDA, PERNAH KAWIN, DIVORCED, WIDOWED).
func Marital(raw string) (string, bool) {
	var b [24]byte
	u, ok := compact(raw, b[:])
	if !ok {
		return "", false
	}
	switch string(u) {
	case "B", "BK", "BELUMKAWIN", "BELUMMENIKAH", "BLMKAWIN", "SINGLE", "LAJANG", "TIDAKKAWIN", "NEVERMARRIED":
		return "B", true
	case "S", "K", "SK", "KAWIN", "SUDAHKAWIN", "SDHKAWIN", "MENIKAH", "SUDAHMENIKAH", "KAWINTERCATAT",
		"KAWINBELUMTERCATAT", "KAWINTIDAKTERCATAT", "MARRIED":
		return "S", true
	case "P", "PK", "PERNAHKAWIN", "PERNAHMENIKAH", "CERAI", "CERAIHIDUP", "CERAIMATI", "CH", "CM",
		"JANDA", "DUDA", "DIVORCED", "WIDOWED", "WIDOW", "WIDOWER", "SEPARATED":
		return "P", true
	}
	return "", false
}

// RT reads a rukun tetangga number: "001", "1", "RT 001", "RT.01",
// "RT:1". From a combined cell ("001/002", "RT 001 RW 002") it returns the
// RT. Numbers are 1 to 9999; 0 is not an RT.
func RT(raw string) (int, bool) {
	rt, _, ok := scanRTRW(raw)
	return rt, ok && rt > 0
}

// RTRW reads a combined RT/RW cell: "001/002", "01/02", "1-2", "RT 001/RW
// 002", "RT.01 RW.02", "RT001RW002", "RW 02 RT 01". ok requires both
// numbers.
func RTRW(raw string) (rt, rw int, ok bool) {
	rt, rw, ok = scanRTRW(raw)
	if !ok || rt == 0 || rw == 0 {
		return 0, 0, false
	}
	return rt, rw, true
}

// scanRTRW reads up to two numbers, labelled RT or RW or in RT, RW order.
// A zero result is a number not given; ok is false for anything else in
// the cell, a zero, a number over 9999 or more than two numbers.
func scanRTRW(s string) (rt, rw int, ok bool) {
	var labels [2]byte // pending labels, 't' or 'w'
	nl := 0
	nums := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v, n := 0, 0
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				v = v*10 + int(s[i]-'0')
				n++
				i++
				if n > 4 {
					return 0, 0, false
				}
			}
			if v == 0 || nums == 2 {
				return 0, 0, false
			}
			nums++
			var l byte
			if nl > 0 {
				l = labels[0]
				labels[0] = labels[1]
				nl--
			} else if rt == 0 {
				l = 't'
			} else {
				l = 'w'
			}
			switch {
			case l == 't' && rt == 0:
				rt = v
			case l == 'w' && rw == 0:
				rw = v
			default:
				return 0, 0, false
			}
		case isLetter(c):
			j := i
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			w := s[i:j]
			i = j
			var b [6]byte
			u, fits := upperWord(w, b[:])
			if !fits {
				return 0, 0, false
			}
			switch string(u) {
			case "RT":
				if nl == 2 {
					return 0, 0, false
				}
				labels[nl] = 't'
				nl++
			case "RW":
				if nl == 2 {
					return 0, 0, false
				}
				labels[nl] = 'w'
				nl++
			case "RTRW":
				labels, nl = [2]byte{'t', 'w'}, 2
			case "NO":
			default:
				return 0, 0, false
			}
		case c == ' ' || c == '.' || c == ':' || c == '/' || c == '-' || c == ',' || c == '\\' || c == '|' || c == '\t' || c == '#' || c == '\'' || c == '"':
			i++
		default:
			return 0, 0, false
		}
	}
	return rt, rw, nums > 0
}

// Age reads an age in years: "45", "45 TAHUN", "45 THN", "45 TH", "45
// YEARS", "45.0". Ages run from 0 to 150.
func Age(raw string) (int, bool) {
	s := trimCell(raw)
	v, n, i := 0, 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		v = v*10 + int(s[i]-'0')
		n++
		i++
		if n > 3 {
			return 0, false
		}
	}
	if n == 0 || v > 150 {
		return 0, false
	}
	rest := s[i:]
	if len(rest) >= 2 && rest[0] == '.' && allZeros(rest[1:]) {
		return v, true
	}
	for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
		rest = rest[1:]
	}
	for len(rest) > 0 && rest[len(rest)-1] == '.' {
		rest = rest[:len(rest)-1]
	}
	if rest == "" {
		return v, true
	}
	var b [8]byte
	u, ok := upperWord(rest, b[:])
	if !ok {
		return 0, false
	}
	switch string(u) {
	case "TAHUN", "THN", "TH", "TA", "YEARS", "YEAR", "YRS", "YR", "Y", "YO", "T":
		return v, true
	}
	return 0, false
}

func allZeros(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' {
			return false
		}
	}
	return len(s) > 0
}
