// Package synth makes realistic, deterministic synthetic voter lists and
// leaks of them, so every later stage can be tested and benchmarked at
// national scale without touching anyone's personal data.
//
// A registry is a population of households living in real villages (the
// embedded region table), written as K dated snapshots of the voter list
// (DPS → DPSHP → DPT). Between snapshots people die, turn 17, move and have
// their names corrected. Everything is a pure function of the seed: each
// village draws from its own random stream, so villages can be generated in
// any order and in parallel and still give the same bytes.
//
// A leak is a sample of a snapshot transformed the way real leaks are:
// re-exported in another format, masked, mistyped, fabricated, taken from an
// older snapshot, or cut down to the 7 fields given to parties. Every leak is
// written with a ground-truth file that maps each leak row to the person it
// came from.
package synth
