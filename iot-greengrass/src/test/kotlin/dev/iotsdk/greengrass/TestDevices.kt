package dev.iotsdk.greengrass

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.IotEmulator
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** A discovery client for [device] against [emulator] on 8443, or on 443 with ALPN. */
fun discoveryClient(
    emulator: IotEmulator,
    device: DeviceIdentity,
    alpn: Boolean = false,
    block: GreengrassDiscoveryConfig.Builder.() -> Unit = {},
) = GreengrassDiscoveryClient {
    endpoint = emulator.endpoint
    this.alpn = alpn
    port = if (alpn) emulator.port443 else emulator.port8443
    identity = TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem)
    trust = TrustMaterial.fromPem(emulator.caCertificatePem)
    timeout = 30.seconds
    retryBaseDelay = 20.milliseconds
    retryMaxDelay = 100.milliseconds
    block()
}
