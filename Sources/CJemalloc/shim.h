// Nothing of jemalloc is called by name: linked into the executable, it replaces malloc and
// free for the whole process (Swift's runtime and Foundation included). See Package.swift.
