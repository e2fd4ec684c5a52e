module.exports = require("./make.js")("PhoenixHost");
