package dev.iotsdk.emulator

import java.nio.file.Path

/**
 * The status of a device certificate, as in AWS IoT. Only [ACTIVE] certificates may connect; the TLS handshake of a
 * client presenting an [INACTIVE] or [REVOKED] certificate is refused.
 */
public enum class CertificateStatus {
    /** The certificate may be used to connect. */
    ACTIVE,

    /** The certificate is registered but disabled. */
    INACTIVE,

    /** The certificate has been revoked. */
    REVOKED,
}

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

/**
 * What Cognito's GetOpenIdTokenForDeveloperIdentity returns: the developer-authenticated [identityId] and an OpenID
 * [token] for it (put it in the logins map under `cognito-identity.amazonaws.com`). [toString] hides the token.
 */
public class DeveloperIdentityToken internal constructor(
    /** The identity id (`<region>:<uuid>`). */
    public val identityId: String,
    /** The OpenID token. */
    public val token: String,
) {
    override fun toString(): String = "DeveloperIdentityToken(identityId=$identityId, token=***)"
}
