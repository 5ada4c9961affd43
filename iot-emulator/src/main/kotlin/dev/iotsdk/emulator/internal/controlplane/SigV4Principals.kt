package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.EmulatorCredentials

/**
 * The SigV4 principals of the control-plane APIs in [region]: [lookup] finds credentials that are registered and
 * not expired (AWS refuses expired credentials on every endpoint); [isTemporary] tells the temporary ones the emulator issued to
 * devices and app users (role aliases, Cognito). Their roles carry no IAM policy in the emulator, so they are denied
 * every control-plane action; the administrator's long-term credentials are allowed everything.
 */
internal class SigV4Principals(
    val region: String,
    val lookup: (String) -> EmulatorCredentials?,
    val isTemporary: (String) -> Boolean,
)
