Feature: Fraud screening
  Every stored transaction is scored by the fraud analyzer. A fraud analyst reads the risk level and the reasons,
  each with the numbers that triggered it, through the same API within seconds.

  Background:
    Given the transactions API with a valid API key

  Scenario: An ordinary purchase ends LOW
    Given customer "cust-normal" has a history of 8 purchases around 40.00 EUR
    When customer "cust-normal" submits a purchase of 45.00 EUR
    Then within 10 seconds the transaction is analyzed with risk level "LOW"

  Scenario: A very high amount is flagged with its reason
    Given customer "cust-big" has a history of 8 purchases around 30.00 EUR
    When customer "cust-big" submits a purchase of 9500.00 EUR
    Then within 10 seconds the transaction is analyzed with risk level "HIGH" or "MEDIUM"
    And its reasons mention "amount"
    And every reason ends with the arithmetic of its points

  Scenario: A velocity burst is flagged
    When customer "cust-burst" submits 12 purchases of 25.00 EUR within a minute
    Then within 10 seconds the last transaction is analyzed with risk level "HIGH" or "MEDIUM"
    And its reasons mention "velocity" or "transactions in"

  Scenario: A card-testing burst of small amounts is flagged
    When customer "cust-cardtest" submits 8 purchases of 1.00 USD within a minute
    Then within 10 seconds the last transaction is analyzed with risk level "HIGH" or "MEDIUM"
    And its reasons mention "small"

  Scenario: A transaction on a terminal with confirmed frauds is flagged with the terminal's reason
    Given 3 analysed purchases on a new terminal
    When the fraud team labels purchase 2 as fraud from "chargeback"
    And another purchase on that terminal is submitted
    Then within 10 seconds the transaction is analyzed with risk level "HIGH" or "MEDIUM"
    And its reasons mention "1 confirmed fraud in the last 7 days"
    And every reason ends with the arithmetic of its points
