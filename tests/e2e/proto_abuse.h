/* proto_abuse.h: exit statuses of the protocol-abuse client of the e2e tests.
 */
#ifndef GRAPHD_E2E_PROTO_ABUSE_H
#define GRAPHD_E2E_PROTO_ABUSE_H

#define ABUSE_CLOSED 0 /* the server closed the connection, as it must */
#define ABUSE_OPEN   1 /* still open after the bound: the test fails */
#define ABUSE_USAGE  2 /* bad arguments or no connection at all */

#endif
