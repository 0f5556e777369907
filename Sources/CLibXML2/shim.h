// libxml2 for lwgov: writing XML (xmlTextWriter) and validating it against the XSD.
// libxml2's headers pull in the system ICU, which clashes with Foundation's bundled ICU;
// switch that off before any other libxml include.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
