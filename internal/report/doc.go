// Package report renders a verify.Document as a self-contained HTML page
// (inline CSS and SVG charts, no scripts or fonts fetched from anywhere) in
// Indonesian or English.
package report
