module github.com/layoutmig/layoutmig

go 1.26.8

require (
	github.com/google/renameio/v2 v2.0.2 // indirect
	golang.org/x/sync v0.24.0 // indirect
)
