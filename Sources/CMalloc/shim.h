// glibc's malloc.h (malloc_trim), which the Glibc module does not export. Other C libraries
// have no malloc_trim: FreedMemory.swift calls it only where __GLIBC__ is defined.
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
