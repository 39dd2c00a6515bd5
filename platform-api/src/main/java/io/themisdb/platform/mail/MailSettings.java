package io.themisdb.platform.mail;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account mail ({@code themis.mail.*}). SMTP itself is Spring's {@code spring.mail.*}.
 *
 * @param publicUrl the console's address as users reach it; links in mails point there
 * @param from sender address
 * @param logLinks also write verification and reset links to the log, so that a local user without
 *     SMTP can follow them; on in the embedded default, off in the postgres profile
 */
@ConfigurationProperties("themis.mail")
public record MailSettings(
    @DefaultValue("http://localhost:8080") URI publicUrl,
    @DefaultValue("ThemisDB Cloud <no-reply@themisdb.local>") String from,
    @DefaultValue("true") boolean logLinks) {}
