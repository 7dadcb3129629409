// Package names generates Indonesian personal names the way the voter list
// (DPT) writes them, for telusur's synthetic population, and perturbs them
// the way leaks, transcriptions and OCR do.
//
// Generation is driven by a naming Style (Javanese, Sundanese, Batak,
// Balinese, ChineseIndonesian, Papuan ...) drawn from a province's ethnic
// mix (StylesFor, Generator.PickStyle), the person's sex, year of birth and
// birth order, and the household's family name (Generator.Family) for
// styles that have one (Batak marga, Minahasa, Maluku, NTT and Papuan
// family names, Chinese-Indonesian surnames). Names are UPPERCASE with
// single spaces; apostrophes (MA'RUF), abbreviation dots (MUH., DG.) and,
// in a handful of NTT names, the letters É, Ç and Ã occur.
//
// Every list carries explicit, Zipf-like weights with per-era profiles, so
// common names are really common (SITI AMINAH, SRI WAHYUNI, AGUS SETIAWAN)
// and fashions drift with the year of birth: single-word Javanese names and
// the pre-1972 spelling (SOEPARMAN, DJOKO, TJIPTO) mostly among people born
// before 1965, three-part modern names (MUHAMMAD RIZKY PRATAMA, AULIA PUTRI
// RAMADHANI) among those born after 1995.
//
// Generator.Name is allocation-light (one allocation for the result in the
// common case) and safe for concurrent use; all randomness comes from the
// caller's *math/rand/v2.Rand, so a seeded source reproduces a population.
//
// The perturbation functions (Typo, OldSpelling, NewSpelling, AddTitle,
// Abbreviate, DropToken, Reorder, ChangeCase, SpaceNoise, Perturb) return
// the altered name together with a stable Perturbation tag for ground truth.
package names
