#ifndef MIGCHECK_CPCRE2_SHIM_H
#define MIGCHECK_CPCRE2_SHIM_H
// The 8-bit code unit width must be chosen before pcre2.h is included;
// Swift then calls the *_8 functions directly (the unsuffixed names are macros).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
