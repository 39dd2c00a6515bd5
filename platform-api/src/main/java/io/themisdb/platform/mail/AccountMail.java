package io.themisdb.platform.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends the mails an account needs: email verification and password reset. Without SMTP configured
 * (the embedded default) the link is only logged; a failed send is logged and left to the user's
 * "send again", so a mail outage never fails the request that caused it.
 */
@Component
public class AccountMail {

  private static final Logger log = LoggerFactory.getLogger(AccountMail.class);

  private final ObjectProvider<JavaMailSender> sender;
  private final MailSettings settings;

  AccountMail(ObjectProvider<JavaMailSender> sender, MailSettings settings) {
    this.sender = sender;
    this.settings = settings;
  }

  public void sendVerification(String to, String token) {
    String link = link("/verify-email.html", token);
    send(
        to,
        "Verify your email for ThemisDB Cloud",
        """
        Welcome to ThemisDB Cloud.

        Open this link within 24 hours to verify your email and create your organisation:

        %s

        If you did not sign up, ignore this mail.
        """
            .formatted(link),
        "verification",
        link);
  }

  public void sendPasswordReset(String to, String token) {
    String link = link("/reset-password.html", token);
    send(
        to,
        "Reset your ThemisDB Cloud password",
        """
        Open this link within one hour to choose a new password:

        %s

        If you did not ask for this, ignore this mail; your password stays as it is.
        """
            .formatted(link),
        "password reset",
        link);
  }

  private String link(String page, String token) {
    return UriComponentsBuilder.fromUri(settings.publicUrl())
        .path(page)
        .queryParam("token", token)
        .build()
        .toUriString();
  }

  private void send(String to, String subject, String text, String kind, String link) {
    if (settings.logLinks()) {
      log.info("Local mail to {}: {} link {}", to, kind, link);
    }
    JavaMailSender smtp = sender.getIfAvailable();
    if (smtp == null) {
      return;
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(settings.from());
    message.setTo(to);
    message.setSubject(subject);
    message.setText(text);
    try {
      smtp.send(message);
    } catch (MailException e) {
      log.error("Could not send {} mail to {}: {}", kind, to, e.getMessage());
    }
  }
}
