package dev.iotsdk.emulator

/**
 * The emulator's control plane: things, certificates, policies, credentials, authorizers and connected clients.
 * [IotEmulator] implements it; [IotEmulator.admin] returns the emulator itself, so `emulator.registerThing(...)` and
 * `emulator.admin.registerThing(...)` are the same call. Every method may be called from any thread.
 */
public interface EmulatorAdmin {
    /**
     * Creates thing [thingName] and issues it a new EC P-256 device certificate signed by the emulator CA (status
     * ACTIVE), written to `<thingName>.cert.pem` and `<thingName>.private.key` in the data directory. Calling it again
     * for the same thing issues another certificate for it.
     * @throws IllegalArgumentException if the name is not a valid AWS IoT thing name (`[a-zA-Z0-9:_-]{1,128}`).
     */
    public fun registerThing(thingName: String): DeviceIdentity

    /** The names of all things created so far. */
    public fun things(): Set<String>

    /**
     * Creates (or replaces) the AWS IoT policy [name] from its JSON [document].
     * @throws IllegalArgumentException if the document is not a valid policy.
     */
    public fun createPolicy(name: String, document: String)

    /**
     * Attaches policy [policyName] to [target]: a certificate id or ARN (`arn:aws:iot:<region>:<account>:cert/<id>`,
     * as AWS IoT's AttachPolicy takes it), a SigV4 access key id or a custom-authorizer principal id. Principals with
     * no policy attached get the configured default policy (allow all by default).
     * @throws IllegalArgumentException if no such policy exists, or [target] is the ARN of an unknown certificate.
     */
    public fun attachPolicy(policyName: String, target: String)

    /**
     * Detaches policy [policyName] from [target], given as [attachPolicy] takes it (no-op when not attached).
     * @throws IllegalArgumentException if [target] is the ARN of an unknown certificate.
     */
    public fun detachPolicy(policyName: String, target: String)

    /**
     * Sets the status of a certificate. Like AWS IoT's UpdateCertificate, leaving ACTIVE disconnects the MQTT
     * connections made with the certificate, and every later connection (resumed TLS sessions included) and HTTPS
     * request with it is refused until it is ACTIVE again.
     * @throws IllegalArgumentException if the certificate is unknown.
     */
    public fun setCertificateStatus(certificateId: String, status: CertificateStatus)

    /** Registers SigV4 credentials (replacing any with the same access key id) and returns them. */
    public fun registerCredentials(
        accessKeyId: String,
        secretAccessKey: String,
        sessionToken: String?,
    ): EmulatorCredentials

    /** Registers SigV4 credentials without a session token. */
    public fun registerCredentials(accessKeyId: String, secretAccessKey: String): EmulatorCredentials =
        registerCredentials(accessKeyId, secretAccessKey, null)

    /** Registers (or replaces) a custom authorizer. */
    public fun registerAuthorizer(authorizer: CustomAuthorizer)

    /**
     * Disconnects the client with [clientId] from the server side, like AWS IoT's `DeleteConnection` API (MQTT 5
     * clients get a DISCONNECT first; the lifecycle event's `disconnectReason` is `API_INITIATED_DISCONNECT`).
     * Blocks up to 5 seconds. @return `false` when no such client is connected.
     */
    public fun disconnectClient(clientId: String): Boolean

    /** The client ids of the currently connected MQTT clients. */
    public fun connectedClients(): Set<String>

    /**
     * Publishes a message from the service side (like the AWS IoT data plane), subject to no policy. `$aws/...`
     * topics are allowed. [qos] is 0 or 1.
     */
    public fun publish(topic: String, payload: ByteArray, qos: Int = 1, retain: Boolean = false)
}
