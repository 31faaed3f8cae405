package genius

// Exported for the external test package genius_test.
var (
	CorpusDir     = corpusDir
	CorpusDomains = corpusDomains
)
