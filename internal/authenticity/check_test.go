package authenticity

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
)

var ref = time.Date(2023, 11, 15, 0, 0, 0, 0, time.UTC)

// person makes a row as a real list has it: the NIK built from the row's
// own district, birth date and sex; ages from the 2024 generations.
func person(r *rand.Rand, serial int) dataset.Row {
	female := r.IntN(2) == 0
	u := r.Float64()
	gen := 0
	for acc := generations[0].share; u > acc && gen < len(generations)-1; {
		gen++
		acc += generations[gen].share
	}
	hi := ref.Year() - 17
	if gen > 0 {
		hi = generations[gen-1].fromYear - 1
	}
	lo := max(generations[gen].fromYear, 1925)
	birth := time.Date(lo+r.IntN(hi-lo+1), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	s, err := nik.Make("317101", birth, female, serial)
	if err != nil {
		panic(err)
	}
	sex := dpt.Male
	if female {
		sex = dpt.Female
	}
	d := dpt.DateOf(birth)
	return dataset.Row{NIK: s, BirthDate: &d, Sex: sex, RegionCode: "3171011001", Marital: dpt.Married}
}

func rows(n int, seed uint64, spoil func(r *rand.Rand, row *dataset.Row)) []dataset.Row {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]dataset.Row, n)
	for i := range out {
		out[i] = person(r, 1+i%9999)
		if spoil != nil {
			spoil(r, &out[i])
		}
	}
	return out
}

func status(res Result, id string) Status {
	for _, c := range res.Checks {
		if c.ID == id {
			return c.Status
		}
	}
	return "missing"
}

func TestChecks(t *testing.T) {
	cases := []struct {
		name  string
		spoil func(r *rand.Rand, row *dataset.Row)
		want  map[string]Status
	}{
		{"real", nil, map[string]Status{"nik_valid": OK, "nik_dob": OK, "nik_sex": OK, "nik_duplicates": OK, "age_distribution": OK, "sex_ratio": OK, "under_age": OK}},
		{"nik dob contradicts", func(r *rand.Rand, row *dataset.Row) {
			if r.IntN(3) == 0 {
				d := *row.BirthDate + 400
				row.BirthDate = &d
			}
		}, map[string]Status{"nik_dob": Fail, "nik_sex": OK}},
		{"nik sex contradicts", func(r *rand.Rand, row *dataset.Row) {
			if r.IntN(5) == 0 {
				row.Sex = map[string]string{dpt.Male: dpt.Female, dpt.Female: dpt.Male}[row.Sex]
			}
		}, map[string]Status{"nik_sex": Fail, "nik_dob": OK}},
		{"duplicates", func(r *rand.Rand, row *dataset.Row) {
			if r.IntN(20) == 0 {
				row.NIK = "3171014101900001"
			}
		}, map[string]Status{"nik_duplicates": Fail}},
		{"unknown district", func(r *rand.Rand, row *dataset.Row) {
			if r.IntN(10) == 0 {
				row.NIK = "317199" + row.NIK[6:]
			}
		}, map[string]Status{"nik_region_known": Fail, "nik_valid": OK}},
		{"uniform ages", func(r *rand.Rand, row *dataset.Row) {
			d := dpt.DateOf(ref.AddDate(-17-r.IntN(64), 0, -r.IntN(365)))
			row.BirthDate = &d
			row.NIK = ""
		}, map[string]Status{"age_distribution": Fail, "nik_valid": NA}},
		{"children", func(r *rand.Rand, row *dataset.Row) {
			if r.IntN(10) == 0 {
				d := dpt.DateOf(ref.AddDate(-10, 0, 0))
				row.BirthDate, row.Marital, row.NIK = &d, dpt.Single, ""
			}
		}, map[string]Status{"under_age": Fail}},
		{"men only", func(r *rand.Rand, row *dataset.Row) { row.Sex = dpt.Male; row.NIK = "" }, map[string]Status{"sex_ratio": Fail}},
		{"masked", func(r *rand.Rand, row *dataset.Row) { row.NIK = row.NIK[:12] + "****"; row.NIKMasked = true },
			map[string]Status{"nik_valid": NA, "nik_dob": NA, "nik_sex": NA}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ch := NewChecker(ref)
			ch.Add(rows(5000, 7, c.spoil))
			res := ch.Result(nil)
			for id, want := range c.want {
				if got := status(res, id); got != want {
					for _, ck := range res.Checks {
						t.Logf("%s %s %.4f %s", ck.ID, ck.Status, ck.Value, ck.Detail)
					}
					t.Errorf("check %s: %s, want %s", id, got, want)
				}
			}
		})
	}
}

func TestSchema(t *testing.T) {
	for _, c := range []struct {
		headers []string
		format  string
		notes   int
	}{
		{[]string{"NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "STS KAWIN", "JENIS KELAMIN", "ALAMAT", "RT", "RW", "DISABILITAS", "KTP-EL", "KETERANGAN", "TPS", "KODE KEL", "KELURAHAN", "KECAMATAN", "KABUPATEN", "PROVINSI", "NO PASPOR"}, "kpu-sidalih", 0},
		{[]string{"nama", "jenis_kelamin", "usia", "alamat", "rt", "rw", "ket"}, "kpu-recipient-copy", 0},
		{[]string{"no_kk", "no_ktp", "nama_lengkap", "tgl_lahir", "usia", "jk", "alamat", "rt", "rw", "kelurahan", "kecamatan", "difabel"}, "", 2},
		{[]string{"foo", "bar"}, "", 0},
	} {
		s := matchSchema(c.headers)
		if s.Format != c.format || len(s.Notes) != c.notes {
			t.Errorf("%v: format %q notes %v; want %q with %d notes", c.headers, s.Format, s.Notes, c.format, c.notes)
		}
	}
}

func TestSortKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 255, 256, 5000, 100000} {
		keys := make([]uint64, n)
		for i := range keys {
			switch i % 3 {
			case 0:
				keys[i] = rng.Uint64() >> 10
			case 1:
				keys[i] = 3171010101900001 + uint64(rng.IntN(1000))
			default:
				keys[i] = uint64(rng.IntN(50))
			}
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		sortKeys(keys)
		if !slices.Equal(keys, want) {
			t.Fatalf("%d keys: not sorted like slices.Sort", n)
		}
	}
}

func TestDuplicatesAcrossParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	all := make([]uint64, 50000)
	for i := range all {
		all[i] = 3171010101900000 + uint64(rng.IntN(60000))
	}
	var want int64
	sorted := slices.Clone(all)
	slices.Sort(sorted)
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		if j-i > 1 {
			want += int64(j - i)
		}
		i = j
	}
	for _, n := range []int{1, 2, 3, 7} {
		parts := make([][]uint64, n)
		for i, k := range all {
			parts[i%n] = append(parts[i%n], k)
		}
		if got := duplicates(parts); got != want {
			t.Errorf("%d parts: %d duplicate rows, want %d", n, got, want)
		}
	}
	if want < 1000 {
		t.Fatalf("only %d duplicates: the test does not test", want)
	}
}
