Feature: Labelling outcomes
  A fraud team confirms or clears a transaction (a chargeback, an investigation, a customer report) with its API key.
  The label is kept on the transaction with when it arrived; a confirmed fraud counts for its terminal from that
  moment, exactly once, however often the same label is sent, unless the card's own evidence already explained it
  (a stolen card's steep amount says nothing about the terminal it was used at).

  Background:
    Given the transactions API with a valid API key

  Scenario: A confirmed fraud is kept on the transaction
    Given 1 analysed purchase on a new terminal
    When the fraud team labels purchase 1 as fraud from "chargeback"
    Then the response status is 200
    And the label says fraud from "chargeback", known since it arrived
    And the transaction shows the same label

  Scenario: A label changes the terminal's counters once
    Given 3 analysed purchases on a new terminal
    When the fraud team labels purchase 1 as fraud from "chargeback"
    And the fraud team labels purchase 1 as fraud from "chargeback"
    And the fraud team labels purchase 1 as fraud from "investigation"
    And another purchase on that terminal is submitted
    Then within 10 seconds the transaction is analyzed with risk level "HIGH" or "MEDIUM"
    And its reasons mention "1 confirmed fraud in the last 7 days"

  Scenario: A fraud the card's own evidence explains does not count against the terminal
    Given 1 analysed purchase of 2500.00 EUR on a new terminal
    When the fraud team labels purchase 1 as fraud from "chargeback"
    Then the label says the card's own evidence explains the fraud
    When another purchase on that terminal is submitted
    Then within 10 seconds the transaction is analyzed with risk level "LOW"
    And its reasons do not mention "confirmed fraud"

  Scenario: A cleared fraud no longer counts
    Given 3 analysed purchases on a new terminal
    When the fraud team labels purchase 1 as fraud from "chargeback"
    And the fraud team labels purchase 1 as not fraud from "investigation"
    And another purchase on that terminal is submitted
    Then within 10 seconds the transaction is analyzed with risk level "LOW"
    And its reasons do not mention "confirmed fraud"

  Scenario Outline: A bad label is rejected with the field named
    Given 1 analysed purchase on a new terminal
    When the fraud team sends the label <body> for purchase 1
    Then the response status is 400
    And the error names the field "<field>"

    Examples:
      | body                                              | field  |
      | {"fraud": "yes", "source": "chargeback"}          | fraud  |
      | {"fraud": true, "source": "bank"}                 | source |
      | {"source": "customer"}                            | fraud  |
      | {"fraud": true, "source": "customer", "by": "me"} | by     |

  Scenario: A label for an unknown transaction is not found
    When the fraud team labels transaction "does-not-exist-000" as fraud from "customer"
    Then the response status is 404
    And the response body has a message
