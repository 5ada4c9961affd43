package dev.iotsdk.emulator

/**
 * AWS credentials registered with the emulator for SigV4-signed WebSocket connections. [toString] never shows the
 * secret or the session token.
 */
public class EmulatorCredentials(
    /** The access key id; also the principal that policies are attached to. */
    public val accessKeyId: String,
    /** The secret access key. */
    public val secretAccessKey: String,
    /** The session token, when these are temporary credentials; the emulator then requires it on every request. */
    public val sessionToken: String? = null,
) {
    override fun toString(): String = "EmulatorCredentials(accessKeyId=$accessKeyId, secretAccessKey=***, " +
        "sessionToken=${if (sessionToken == null) "null" else "***"})"
}
