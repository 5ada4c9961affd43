package dev.iotsdk.samples.controlplane

/** One device of the fleet: its thing and the certificate (and key) created for it over the AWS IoT API. */
public class FleetDevice(
    /** The thing name. */
    public val thingName: String,
    /** The certificate's ARN. */
    public val certificateArn: String,
    /** The certificate, PEM. */
    public val certificatePem: String,
    /** Its private key (PKCS#1 RSA PEM, as CreateKeysAndCertificate returns it). */
    public val privateKeyPem: String,
)
