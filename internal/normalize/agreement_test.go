package normalize

import (
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/telusur/telusur/internal/synth/names"
)

// agreementCase is a generated name, a perturbed form and what was done.
type agreementCase struct {
	orig, pert, kind string
}

// agreementCases draws n names over every style, both sexes and birth
// years 1935–2006, and perturbs each with OldSpelling, AddTitle or
// Abbreviate in turn. Names a perturbation leaves unchanged are skipped
// (and another drawn), so every case is a real change.
func agreementCases(n int) []agreementCase {
	g := names.New()
	r := rand.New(rand.NewPCG(42, 7))
	styles := names.Styles()
	out := make([]agreementCase, 0, n)
	for i := 0; len(out) < n; i++ {
		female := r.IntN(2) == 0
		st := styles[r.IntN(len(styles))]
		year := 1935 + r.IntN(72)
		name := g.Name(r, st, female, year, 1+r.IntN(4), g.Family(r, st))
		var pert, kind string
		var ok bool
		switch len(out) % 3 {
		case 0:
			pert, ok = names.OldSpelling(name)
			kind = "old_spelling"
		case 1:
			pert, _ = names.AddTitle(r, name, female)
			ok, kind = true, "title"
		case 2:
			pert, ok = names.Abbreviate(r, name)
			kind = "abbrev"
		}
		if ok && pert != name {
			out = append(out, agreementCase{name, pert, kind})
		}
	}
	return out
}

// failureKind names why two keys differ, for the report.
func failureKind(c agreementCase, a, b Name) string {
	if c.kind == "abbrev" {
		ow, pw := strings.Fields(c.orig), strings.Fields(c.pert)
		if len(ow) == len(pw) {
			for i := range ow {
				if ow[i] != pw[i] {
					p := strings.TrimSuffix(pw[i], ".")
					switch {
					case len(p) == 1 && !names.IsMuhammad(ow[i]):
						return "abbrev: later word cut to its initial (" + pw[i] + ")"
					case len(p) == 1:
						return "abbrev: MUHAMMAD as M. in last position"
					default:
						return "abbrev: " + ow[i] + "→" + pw[i]
					}
				}
			}
		}
		return "abbrev: other"
	}
	if c.kind == "title" {
		if len(a.Titles) != len(b.Titles) {
			return "title: not removed / wrongly removed"
		}
		return "title: other"
	}
	return "old_spelling: key differs"
}

// initialCut reports whether Abbreviate cut a word to its initial ("AGUS
// SETIAWAN" → "AGUS S."), which no key can undo: the word is gone.
func initialCut(c agreementCase) bool {
	if c.kind != "abbrev" {
		return false
	}
	ow, pw := strings.Fields(c.orig), strings.Fields(c.pert)
	if len(ow) != len(pw) {
		return false
	}
	for i := range ow {
		if ow[i] != pw[i] {
			return len(strings.TrimSuffix(pw[i], ".")) == 1 && !names.IsMuhammad(ow[i])
		}
	}
	return false
}

// compatible reports whether key b equals key a once each word of a that
// stands opposite a one-letter word of b is cut to its initial.
func compatible(a, b string) bool {
	aw, bw := strings.Fields(a), strings.Fields(b)
	if len(aw) != len(bw) {
		return false
	}
	for i := range aw {
		if aw[i] != bw[i] && !(len(bw[i]) == 1 && aw[i][0] == bw[i][0]) {
			return false
		}
	}
	return true
}

// TestNameKeyAgreement checks that the perturbations of package names that
// keep a name's information (old spelling, titles, abbreviations the key
// expands) leave the key unchanged in at least 95% of cases. Abbreviate
// mostly cuts a later word to its initial ("AGUS S."), which loses the
// word; those cases are counted in the overall rate that is logged, and
// checked against the weaker rule that the keys agree up to initials.
func TestNameKeyAgreement(t *testing.T) {
	cases := agreementCases(20000)
	byKind := map[string][2]int{}
	fails := map[string]int{}
	examples := map[string]string{}
	agree, recoverable, recovered, cuts, cutsCompatible := 0, 0, 0, 0, 0
	for _, c := range cases {
		a, b := PersonName(c.orig), PersonName(c.pert)
		kind := c.kind
		cut := initialCut(c)
		if cut {
			kind = "abbrev_initial"
			cuts++
			if compatible(a.Key, b.Key) {
				cutsCompatible++
			}
		} else {
			recoverable++
		}
		k := byKind[kind]
		k[1]++
		if a.Key == b.Key {
			agree++
			k[0]++
			if !cut {
				recovered++
			}
		} else {
			f := failureKind(c, a, b)
			fails[f]++
			if _, seen := examples[f]; !seen {
				examples[f] = c.orig + " | " + c.pert + " → " + a.Key + " | " + b.Key
			}
		}
		byKind[kind] = k
	}
	rate := float64(agree) / float64(len(cases))
	recRate := float64(recovered) / float64(recoverable)
	t.Logf("name-key agreement, all %d cases: %d = %.2f%%", len(cases), agree, 100*rate)
	t.Logf("name-key agreement, excluding initial cuts (%d cases): %d = %.2f%%", recoverable, recovered, 100*recRate)
	t.Logf("initial cuts agreeing up to initials: %d of %d", cutsCompatible, cuts)
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		v := byKind[k]
		t.Logf("  %-15s %5d of %5d = %6.2f%%", k, v[0], v[1], 100*float64(v[0])/float64(v[1]))
	}
	type kv struct {
		k string
		n int
	}
	var fl []kv
	for k, n := range fails {
		fl = append(fl, kv{k, n})
	}
	sort.Slice(fl, func(i, j int) bool { return fl[i].n > fl[j].n || fl[i].n == fl[j].n && fl[i].k < fl[j].k })
	for i, f := range fl {
		if i == 12 {
			break
		}
		t.Logf("  failure %5d  %s   e.g. %s", f.n, f.k, examples[f.k])
	}
	if recRate < 0.95 {
		t.Errorf("agreement on information-preserving perturbations %.2f%% is below 95%%", 100*recRate)
	}
	if cutsCompatible < cuts*95/100 {
		t.Errorf("only %d of %d initial cuts agree up to initials", cutsCompatible, cuts)
	}
}
