module.exports = require("./make.js")("Firewall");
