module github.com/kindesync/kindesync

go 1.26

require (
	github.com/alecthomas/kong v1.17.0 // indirect
	github.com/getkin/kin-openapi v0.153.0 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/sergi/go-diff v1.4.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
