package dev.iotsdk.provisioning

import java.io.IOException

/**
 * Where [FleetProvisioning] keeps the identity it obtained. [save] must be atomic: after a crash, [load] returns
 * either the previous state or the complete new credentials, never half of them.
 */
public interface CredentialsStore {
    /**
     * The stored credentials, or `null` when none were saved yet.
     * @throws IOException when the store cannot be read or its content is damaged.
     */
    @Throws(IOException::class)
    public fun load(): DeviceCredentials?

    /**
     * Replaces the stored credentials with [credentials], atomically.
     * @throws IOException when they cannot be written (nothing is changed then).
     */
    @Throws(IOException::class)
    public fun save(credentials: DeviceCredentials)
}
