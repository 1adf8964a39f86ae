import CMalloc

/// Gives the pages of freed heap memory back to the system (Linux, glibc; elsewhere nothing).
///
/// WHY: a snapshot's texts (25 MB for 10,000 tunnels) are freed as each is parsed, but glibc
/// keeps freed blocks in its heaps: only blocks above its mmap threshold go back at once, and
/// that threshold rises to the largest block freed so far (the first 6.7 MB text), so the later
/// texts came from the heaps and their pages stayed resident through fact extraction, where the
/// peak is. `malloc_trim(0)` hands every whole free page of every arena back (madvise); the
/// allocator keeps working as before, so nothing a caller sees changes.
public enum FreedMemory {
    public static func release() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }
}
