// Package version says which telusur this is, for `telusur version` and for
// every manifest the tool writes (evidence must name the tool that made it).
package version

import (
	"runtime"
	"runtime/debug"
)

// Version is set at release time with -ldflags "-X .../version.Version=v1.2.3".
var Version = "v0.1.0-dev"

// String returns the version with the VCS revision when the build has one.
func String() string {
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			v += " (" + rev + dirty + ")"
		}
	}
	return v
}

// Tool is the name and version written into manifests.
func Tool() string { return "telusur " + String() + " " + runtime.Version() }
