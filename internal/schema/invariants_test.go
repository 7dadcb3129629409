package schema

import (
	"testing"

	"github.com/telusur/telusur/internal/dpt"
)

// checkInvariants checks what Detect promises: one Column per column, in
// order, each with a known role, a confidence in [0, 1] and a known By,
// and no role but the Shared ones twice.
func checkInvariants(t *testing.T, s Schema, ncols int) {
	t.Helper()
	if len(s.Columns) != ncols {
		t.Fatalf("%d columns, want %d", len(s.Columns), ncols)
	}
	seen := map[dpt.Role]int{}
	for i, c := range s.Columns {
		if c.Index != i {
			t.Fatalf("column %d has index %d", i, c.Index)
		}
		if _, ok := dpt.ParseRole(string(c.Role)); !ok {
			t.Fatalf("column %d has role %q", i, c.Role)
		}
		if c.Confidence < 0 || c.Confidence > 1 {
			t.Fatalf("column %d confidence %v", i, c.Confidence)
		}
		switch c.By {
		case ByHeader, ByContent, ByHeaderContent, ByMap, ByNone:
		default:
			t.Fatalf("column %d by %q", i, c.By)
		}
		if c.By == ByNone && c.Role != dpt.RoleOther {
			t.Fatalf("column %d: role %s by none", i, c.Role)
		}
		if !Shared(c.Role) {
			if j, dup := seen[c.Role]; dup {
				t.Fatalf("role %s in columns %d and %d", c.Role, j, i)
			}
			seen[c.Role] = i
			if s.Index(c.Role) != i {
				t.Fatalf("Index(%s) = %d, want %d", c.Role, s.Index(c.Role), i)
			}
		}
	}
	for _, r := range dpt.Roles {
		if _, ok := seen[r]; !ok && !Shared(r) && s.Index(r) != -1 {
			t.Fatalf("Index(%s) = %d for an absent role", r, s.Index(r))
		}
	}
}
