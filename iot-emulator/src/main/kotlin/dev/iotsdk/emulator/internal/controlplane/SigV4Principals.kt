package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.EmulatorCredentials
import dev.iotsdk.emulator.internal.credentials.CallerPermissions

/**
 * The SigV4 principals of the control-plane APIs in [region]: [lookup] finds credentials that are registered and not
 * expired (AWS refuses expired credentials on every endpoint); [permissions] says what each may do (temporary
 * credentials: their role's IAM policies; the administrator's long-term credentials: everything).
 */
internal class SigV4Principals(
    val region: String,
    val lookup: (String) -> EmulatorCredentials?,
    val permissions: CallerPermissions,
)
