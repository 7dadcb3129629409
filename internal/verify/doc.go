// Package verify is the main job: it compares a leak with a reference
// registry (authenticity of the leak alone, linkage, coverage by region)
// and concludes with a verdict and the reasons for it, as a Document that
// becomes report.json and, through package report, report.html.
package verify
