/// The RADIUS client that strongSwan's eap-radius plugin uses (src/libradius/radius_socket.c,
/// 5.9.x): the messages b logs when its RADIUS server does not answer. libradius lies outside
/// the directories Tests/Fixtures/messages/strongswan-failure-formats.tsv was extracted from, so
/// these formats are listed here. Each example is a line charon 5.9.8 logged in the lab
/// (Tests/Lab/lab.sh radius-wrong-secret, radius-unreachable; Tests/Fixtures/lab/radius-*/b).
/// They mean the EAP exchange failed because the RADIUS server was unreachable or silently
/// dropped the request (FreeRADIUS drops requests whose Message-Authenticator does not verify,
/// i.e. a wrong shared secret), which the remedy of ike.eap-failed tells apart from a reject.
extension StrongswanMessages {
    static let radiusClient: [LogMessage] = [
        LogMessage("RADIUS %N timed out after %d attempts", "eap_failed", ike, "libradius/radius_socket.c",
                   example: "RADIUS Access-Request timed out after 2 attempts"),
        LogMessage("receiving RADIUS message failed: %s", "eap_failed", ike, "libradius/radius_socket.c",
                   example: "receiving RADIUS message failed: Connection refused"),
        // not seen in the lab (send() fails only without a route to the server): no example line
        LogMessage("sending RADIUS message failed: %s", "eap_failed", ike, "libradius/radius_socket.c"),
    ]
}
