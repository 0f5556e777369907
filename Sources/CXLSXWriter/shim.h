// libxlsxwriter (Debian libxlsxwriter-dev): findings.xlsx, the DX team's working list (SPEC 4).
#include <xlsxwriter.h>
