package genius

// Exported for the external test package genius_test.
var (
	CorpusDir     = corpusDir
	CorpusDomains = corpusDomains
	// Update is the -update flag: rewrite golden files.
	Update      = update
	CheckGolden = checkGolden
)
