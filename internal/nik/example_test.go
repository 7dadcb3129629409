package nik_test

import (
	"fmt"
	"time"

	"github.com/telusur/telusur/internal/nik"
)

func ExampleParse() {
	opt := nik.Options{Ref: time.Date(2024, 2, 14, 0, 0, 0, 0, time.UTC)}
	n, fs := nik.Parse("3204055203850002", opt)
	fmt.Println(n.District, n.BirthDate.Format(time.DateOnly), n.Female, n.Serial, nik.Valid(fs))

	_, fs = nik.Parse("3204053104850001", opt) // 31 April
	for _, f := range fs {
		fmt.Println(f)
	}
	// Output:
	// 320405 1985-03-12 true 2 true
	// error impossible_date: date field is not a calendar date
}

func ExampleMask() {
	fmt.Println(nik.Mask("3171014101990123"))
	// Output: 3171**********23
}
