package synth

import (
	"strings"
	"sync"
)

// upperCache keeps the upper-case form of the few thousand region names a
// run uses, so emitting 200 million records does not upper-case them again.
var upperCache sync.Map

func upper(s string) string {
	if u, ok := upperCache.Load(s); ok {
		return u.(string)
	}
	u := strings.ToUpper(s)
	upperCache.Store(s, u)
	return u
}
