package dev.iotsdk.emulator

import java.nio.file.Path

/**
 * A thing created by [IotEmulator.registerThing] together with its device certificate.
 *
 * The certificate is signed by the emulator CA ([IotEmulator.caCertificatePem]); the key is EC P-256 in PKCS#8 PEM.
 * [certificateId] is the lower-case hex SHA-256 of the certificate's DER encoding (64 characters), as AWS IoT uses.
 */
public class DeviceIdentity internal constructor(
    /** The thing name. */
    public val thingName: String,
    /** The certificate id (hex SHA-256 of the DER certificate). */
    public val certificateId: String,
    /** The device certificate, PEM. */
    public val certificatePem: String,
    /** The device private key, PKCS#8 PEM. */
    public val privateKeyPem: String,
    /** Where [certificatePem] was written (`<thing>.cert.pem` in the data directory). */
    public val certificatePath: Path,
    /** Where [privateKeyPem] was written (`<thing>.private.key` in the data directory). */
    public val privateKeyPath: Path,
) {
    /** The ARN of the certificate in the emulator's region and account. */
    public fun certificateArn(region: String, accountId: String): String =
        "arn:aws:iot:$region:$accountId:cert/$certificateId"

    override fun toString(): String = "DeviceIdentity(thingName=$thingName, certificateId=$certificateId)"
}
