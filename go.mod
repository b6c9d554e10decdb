module github.com/cgprocps/cgprocps

go 1.24
